// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The map of ../shared/DESIGN.md as rules over every module's main classes: the direction of the
 * modules (tensor <- kernels <- worker <- driver <- examples, integration-tests), no package
 * cycles, Spark only at the edges, Aparapi only in the OpenCL kernels, benchmarks only here.
 */
@AnalyzeClasses(packages = "dev.ember", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    private static final String[] SPARK = {"org.apache.spark..", "scala..", "org.apache.hadoop.."};

    @ArchTest
    static final ArchRule tensorKnowsNoOtherModule = noClasses().that().resideInAPackage("dev.ember.tensor..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ember.kernels..", "dev.ember.worker..",
                    "dev.ember.driver..", "dev.ember.examples..", "dev.ember.it..");

    @ArchTest
    static final ArchRule kernelsKnowOnlyTensor = noClasses().that().resideInAPackage("dev.ember.kernels..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ember.worker..", "dev.ember.driver..",
                    "dev.ember.examples..", "dev.ember.it..");

    @ArchTest
    static final ArchRule workerKnowsNoDriver = noClasses().that().resideInAPackage("dev.ember.worker..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ember.driver..", "dev.ember.examples..",
                    "dev.ember.it..");

    @ArchTest
    static final ArchRule driverKnowsNoExamplesOrTests = noClasses().that().resideInAPackage("dev.ember.driver..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.ember.examples..", "dev.ember.it..");

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("dev.ember.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule tensorAndKernelsKnowNoSpark = noClasses()
            .that().resideInAnyPackage("dev.ember.tensor..", "dev.ember.kernels..")
            .should().dependOnClassesThat().resideInAnyPackage(SPARK);

    /** A task body sees Spark only through the executor's Engine (its TaskContext) and the Kryo registrator. */
    @ArchTest
    static final ArchRule workerTouchesSparkOnlyAtItsEdge = noClasses().that().resideInAPackage("dev.ember.worker..")
            .and().doNotHaveFullyQualifiedName("dev.ember.worker.Engine")
            .and().doNotHaveFullyQualifiedName("dev.ember.worker.EmberKryoRegistrator")
            .should().dependOnClassesThat().resideInAnyPackage(SPARK);

    /** Config, optimisers, schedules, training state, metrics and plots are plain Java, testable without Spark. */
    @ArchTest
    static final ArchRule driverCoreKnowsNoSpark = noClasses()
            .that().resideInAnyPackage("dev.ember.driver.config..", "dev.ember.driver.optim..",
                    "dev.ember.driver.state..", "dev.ember.driver.metrics..", "dev.ember.driver.report..")
            .should().dependOnClassesThat().resideInAnyPackage(SPARK);

    @ArchTest
    static final ArchRule aparapiOnlyInTheOpenClKernels = noClasses()
            .that().resideOutsideOfPackage("dev.ember.kernels.opencl..")
            .should().dependOnClassesThat().resideInAPackage("com.aparapi..");

    @ArchTest
    static final ArchRule aparapiKernelsArePackagePrivate = classes()
            .that().areAssignableTo("com.aparapi.Kernel")
            .should().notBePublic();

    @ArchTest
    static final ArchRule benchmarksOnlyInIntegrationTests = noClasses()
            .that().haveSimpleNameEndingWith("Bench")
            .should().resideOutsideOfPackage("dev.ember.it..");
}

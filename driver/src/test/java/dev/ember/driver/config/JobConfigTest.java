// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import dev.ember.driver.optim.AdamW;
import dev.ember.driver.optim.Momentum;
import dev.ember.driver.optim.Sgd;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobConfigTest {
    static final String MINIMAL = "data: {train: /data/train.parquet}\noutput: /models/m1\n";
    static final String WITH_LAYERS = MINIMAL + "model: {layers: [{dense: 32}, {dropout: 0.1}]}\n";

    private static JobConfig parse(String yaml, String... sets) {
        return JobConfig.parse(yaml, List.of(sets));
    }

    @Test
    void resumeIsAutoNeverOrAPath() {
        assertEquals(Resume.AUTO, parse(MINIMAL).training().resume());
        assertEquals(Resume.NEVER, parse(MINIMAL, "training.resume=never").training().resume());
        assertEquals(new Resume.From("/ckpt/step-000000000020.ckpt"),
                parse(MINIMAL, "training.resume=/ckpt/step-000000000020.ckpt").training().resume());
    }

    @Test
    void minimalConfigGetsEveryDefault() {
        JobConfig c = parse(MINIMAL);
        assertEquals("/data/train.parquet", c.data().train());
        assertEquals("parquet", c.data().format());
        assertEquals(List.of("features"), c.data().features());
        assertEquals("label", c.data().label());
        assertNull(c.data().weight());
        assertEquals(0.1, c.data().validationFraction());
        assertTrue(c.data().standardize());
        assertEquals(Task.CLASSIFICATION, c.model().task());
        assertEquals("cross_entropy", c.model().loss().name());
        assertEquals(List.of(new LayerConfig.Dense(256, "relu", 0, true, "auto"), new LayerConfig.Dropout(0.2),
                new LayerConfig.Dense(128, "relu", 0, true, "auto")), c.model().layers());
        assertEquals(TrainingConfig.defaults(), c.training());
        assertEquals(10, c.training().epochs());
        assertEquals(256, c.training().batchSize());
        assertEquals(42L, c.training().seed());
        assertEquals("adam", c.training().optimizer().name());
        assertEquals(1e-3, c.training().optimizer().lr());
        assertEquals("constant", c.training().schedule().name());
        assertEquals(ComputeConfig.defaults(), c.compute());
        assertEquals(SparkConfig.defaults(), c.spark());
        assertEquals("/models/m1", c.output());
    }

    @Test
    void fullConfigIsReadAsWritten() {
        String yaml = """
                spark: {master: "local[2]", conf: {spark.sql.shuffle.partitions: 4}}
                data:
                  train: hdfs:///t.csv
                  format: csv
                  options: {sep: ";"}
                  features: [a, b, c]
                  categorical: [shop]
                  label: y
                  weight: w
                  validation: hdfs:///v.csv
                  partitions: 8
                model:
                  task: regression
                  layers:
                    - {dense: 64, activation: leaky_relu, slope: 0.2, bias: false, init: kaiming_normal}
                    - {dropout: 0.5}
                    - {activation: swish}
                  loss: {name: huber, delta: 0.5}
                  embedding_dim: 8
                training:
                  epochs: 3
                  batch_size: 32
                  seed: 7
                  optimizer: {name: sgd, lr: 0.1, momentum: 0.9, nesterov: true}
                  schedule: {name: cosine, warmup_steps: 100, eta_min: 1e-5}
                  clip_norm: 5
                  micro_batch: 64
                compute: {backend: cpu, threads: 2}
                output: /m
                """;
        JobConfig c = parse(yaml);
        assertEquals("local[2]", c.spark().master());
        assertEquals("4", c.spark().conf().get("spark.sql.shuffle.partitions"));
        assertEquals(";", c.data().options().get("sep"));
        assertEquals(List.of("a", "b", "c"), c.data().features());
        assertEquals("hdfs:///v.csv", c.data().validationPath());
        assertEquals(0.0, c.data().validationFraction());
        assertEquals(8, c.data().partitions());
        assertEquals(new LayerConfig.Dense(64, "leaky_relu", 0.2, false, "he_normal"), c.model().layers().get(0));
        assertEquals(new LayerConfig.Activation("silu", 0), c.model().layers().get(2));
        assertEquals(new LossConfig("huber", 0.5), c.model().loss());
        assertEquals(8, c.model().embeddingDim());
        assertEquals(new Momentum(0.1, 0.9, true, 0.0), c.training().optimizer().optimizer());
        assertEquals(1e-5, Double.parseDouble(c.training().schedule().written().get("eta_min")));
        assertEquals(5.0, c.training().clipNorm());
        assertEquals(2, c.compute().threads());
    }

    @Test
    void overridesReplaceFileValuesAndParseYamlValues() {
        JobConfig c = parse(MINIMAL, "training.epochs=5", "training.optimizer.lr=1e-2",
                "model.layers=[{dense: 64, activation: relu}]", "data.features=[x1, x2]",
                "training.early_stopping.patience=3", "data.weight=", "output=/other");
        assertEquals(5, c.training().epochs());
        assertEquals(0.01, c.training().optimizer().lr());
        assertEquals(List.of(new LayerConfig.Dense(64, "relu", 0, true, "auto")), c.model().layers());
        assertEquals(List.of("x1", "x2"), c.data().features());
        assertEquals(new EarlyStoppingConfig("loss", 3, 0, "min"), c.training().earlyStopping());
        assertEquals("/other", c.output());
    }

    @Test
    void overrideIndexesIntoAList() {
        JobConfig c = parse(WITH_LAYERS, "model.layers.1.dropout=0.3");
        assertEquals(new LayerConfig.Dropout(0.3), c.model().layers().get(1));
    }

    @Test
    void optimiserDefaultsFollowTheChosenName() {
        OptimizerConfig sgd = parse(MINIMAL, "training.optimizer.name=sgd").training().optimizer();
        assertEquals(Sgd.defaults(), sgd.optimizer());
        OptimizerConfig adamw = parse(MINIMAL, "training.optimizer={name: adamw, betas: [0.8, 0.99]}")
                .training().optimizer();
        AdamW built = (AdamW) adamw.optimizer();
        assertEquals(AdamW.defaults().weightDecay(), built.weightDecay());
        assertEquals(0.8, built.beta1());
        assertEquals(0.99, built.beta2());
    }

    @Test
    void validationCanBeTurnedOffOrGivenAsAFraction() {
        assertFalse(parse(MINIMAL, "data.validation=0").data().hasValidation());
        assertFalse(parse(MINIMAL, "data.validation=null").data().hasValidation());
        assertEquals(0.25, parse(MINIMAL, "data.validation=0.25").data().validationFraction());
    }

    @Test
    void classesMayBeACountOrNames() {
        assertEquals(3, parse(MINIMAL, "data.classes=3").data().classCount());
        DataConfig named = parse(MINIMAL, "data.classes=[cat, dog]").data();
        assertEquals(List.of("cat", "dog"), named.classNames());
        assertEquals(2, named.classCount());
    }

    @Test
    void lossAutoResolvesPerTask() {
        assertEquals("binary_cross_entropy", parse(MINIMAL, "model.task=binary").model().loss().name());
        assertEquals("mse", parse(MINIMAL, "model.task=regression").model().loss().name());
    }

    @Test
    void earlyStoppingModeFollowsTheMetric() {
        EarlyStoppingConfig es = parse(MINIMAL, "training.early_stopping={metric: val_accuracy}")
                .training().earlyStopping();
        assertEquals("accuracy", es.metric());
        assertEquals("max", es.mode());
    }

    @Test
    void loadReadsAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path f = dir.resolve("job.yaml");
        java.nio.file.Files.writeString(f, MINIMAL);
        assertEquals(3, JobConfig.load(f, List.of("training.epochs=3")).training().epochs());
        ConfigException e = assertThrows(ConfigException.class,
                () -> JobConfig.load(dir.resolve("nope.yaml"), List.of()));
        assertTrue(e.getMessage().contains("nope.yaml"), e.getMessage());
    }

    @Test
    void layerEntriesAreTyped() {
        List<LayerConfig> layers = parse(MINIMAL, "model.layers=[{dense: 8, activation: elu}, {activation: tanh}]")
                .model().layers();
        LayerConfig.Dense dense = assertInstanceOf(LayerConfig.Dense.class, layers.get(0));
        assertEquals(1.0, dense.alpha());
        assertInstanceOf(LayerConfig.Activation.class, layers.get(1));
    }

    static Stream<Arguments> badConfigs() {
        return Stream.of(
                bad("", "the config is empty"),
                bad("# only a comment\n", "the config is empty"),
                bad("data: [unclosed", "not valid YAML"),
                bad("- a\n- b\n", "must be a YAML mapping"),
                bad("output: /m\n", "data.train is required"),
                bad("data: {trian: /x}\noutput: /m\n", "found 'data.trian': did you mean 'data.train'"),
                bad("data: {train: /x}\n", "output is required"),
                bad("data: {train: /x}\noutput: /m\noutput: /n\n", "Duplicate field 'output'"),
                bad("data: {train: /x}\noutput: /m\ntrainig: {epochs: 1}\n", "did you mean 'training'"),
                set("training.epoch=3", "unknown key 'training.epoch' (did you mean 'training.epochs'?)"),
                set("training.optimizer.lr=-0.1", "training.optimizer.lr must be > 0 and finite, got -0.1"),
                set("training.optimizer.lr=0", "training.optimizer.lr must be > 0 and finite, got 0.0"),
                set("training.optimizer.lr=fast", "training.optimizer.lr must be a number, got 'fast'"),
                set("training.optimizer.name=adamm", "training.optimizer.name must be one of sgd, adam"),
                set("training.optimizer.momentum=0.9", "unknown key 'training.optimizer.momentum' for adam; known options: lr, beta1, beta2, eps, weight_decay"),
                set("training.optimizer.lrr=0.1", "unknown key 'training.optimizer.lrr' for adam"),
                set("training.optimizer.betas=[0.9]", "training.optimizer.betas must be a list of two numbers"),
                set("training.optimizer.betas=[0.9, 1.0]", "training.optimizer.beta2 must be in [0, 1), got 1.0"),
                set("training.optimizer={name: sgd, nesterov: true}", "training.optimizer.nesterov requires training.optimizer.momentum > 0"),
                set("training.optimizer.weight_decay=-1", "training.optimizer.weight_decay must be >= 0"),
                set("training.batch_size=0", "training.batch_size must be >= 1, got 0"),
                set("training.epochs=ten", "training.epochs must be an integer, got 'ten'"),
                set("training.epochs=2.5", "training.epochs must be an integer, got 2.5"),
                set("training.clip_norm=-1", "training.clip_norm must be > 0"),
                set("training.micro_batch=0", "training.micro_batch must be >= 1 or auto"),
                set("training.lsuv=maybe", "training.lsuv must be true or false, got 'maybe'"),
                set("training.schedule.name=linear", "training.schedule.name must be one of constant, step"),
                set("training.schedule={name: step, gamma: 1.5}", "training.schedule: step needs step_size or step_size_epochs"),
                set("training.schedule.min_lr=0.1", "unknown key 'training.schedule.min_lr' for constant; known options: warmup_steps, warmup_epochs"),
                set("training.schedule={name: sgdr, t_0: 0}", "training.schedule.t_0 must be"),
                set("training.early_stopping={metric: loss, patience: 0}", "training.early_stopping.patience must be >= 1"),
                set("training.early_stopping={metric: rmse}", "training.early_stopping.metric rmse is not computed for model.task classification"),
                bad(MINIMAL + "training: {early_stopping: {metric: loss}}\n",
                        "training.early_stopping needs validation data", "data.validation=0"),
                set("model.task=clustering", "model.task must be one of classification, binary, regression, got 'clustering'"),
                set("model.loss=hinge", "model.loss must be one of auto, cross_entropy"),
                set("model.loss=mse", "model.loss mse does not fit model.task classification"),
                set("model.init=random", "model.init must be one of auto"),
                set("model.embedding_dim=0", "model.embedding_dim must be >= 1 or auto, got 0"),
                set("model.layers=[{dense: 0}]", "model.layers[0].dense must be a number of units >= 1, got 0"),
                set("model.layers=[{dense: 8}, {dropout: 1.0}]", "model.layers[1].dropout must be a probability in [0, 1), got 1.0"),
                set("model.layers=[{dropout: -0.1}]", "model.layers[0].dropout must be a probability in [0, 1)"),
                set("model.layers=[{dense: 8, activation: relu6}]", "model.layers[0].activation must be one of relu"),
                set("model.layers=[{dense: 8, activaton: relu}]", "unknown key 'model.layers[0].activaton' (did you mean 'model.layers[0].activation'?)"),
                set("model.layers=[{conv: 3}]", "model.layers[0] must have one of the keys dense, dropout, activation, got a mapping {\"conv\":3}"),
                set("model.layers=[{dense: 8, activation: relu, slope: 0.1}]", "unknown key 'model.layers[0].slope'"),
                set("model.layers=[{activation: leaky_relu, slope: -1}]", "model.layers[0].slope of leaky_relu must be a finite number > 0"),
                set("model.layers=[{dense: 8, activation: softmax}]", "model.layers[0] uses softmax"),
                set("model.layers={dense: 8}", "model.layers must be a list"),
                set("data.format=xls", "data.format must be one of parquet, csv"),
                set("data.validation=1.0", "data.validation must be a fraction in [0, 1) or a path, got 1.0"),
                set("data.validation=-0.2", "data.validation must be a fraction in [0, 1)"),
                set("data.partitions=0", "data.partitions must be >= 1, got 0"),
                set("data.features=[]", "data.features must name a vector column or at least one numeric column"),
                set("data.features=[a, a]", "data.features names column 'a' twice"),
                set("data.categorical=[features]", "data.categorical column 'features' is also in data.features"),
                set("data.label=features", "data.label column 'features' is also used as an input column"),
                set("data.weight=label", "data.weight column 'label' is also used"),
                set("data.features={a: 1}", "data.features must be a name or a list of names"),
                set("data.classes=1", "data.classes must be >= 2, got 1"),
                set("data.options=[a]", "data.options must be a mapping of names to values"),
                set("spark.conf={executor.memory: 2g}", "spark.conf.executor.memory is not a Spark setting"),
                set("compute.backend=cuda", "compute.backend must be one of auto, cpu, opencl, reference, got 'cuda'"),
                set("compute.threads=0", "compute.threads must be >= 1 or auto, got 0"),
                set("training.checkpoint.keep=0", "training.checkpoint.keep must be >= 1, got 0"),
                set("training", "--set expects key=value"),
                bad(WITH_LAYERS, "--set model.layers.5.dropout: '5' must be a list index from 0 to 1",
                        "model.layers.5.dropout=0.1"),
                set("model.layers.1.dropout=0.1", "--set model.layers.1.dropout: there is no list written in the config"),
                set("model.layers=[{dense: 8", "--set model.layers: the value '[{dense: 8' is not valid YAML"));
    }

    private static Arguments bad(String yaml, String expected, String... sets) {
        return Arguments.of(yaml, List.of(sets), expected);
    }

    private static Arguments set(String assignment, String expected) {
        return Arguments.of(MINIMAL, List.of(assignment), expected);
    }

    @ParameterizedTest(name = "{1} -> {2}")
    @MethodSource("badConfigs")
    void badConfigNamesTheKey(String yaml, List<String> sets, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> JobConfig.parse(yaml, sets));
        assertTrue(e.getMessage().contains(expected), "message was: " + e.getMessage());
    }
}

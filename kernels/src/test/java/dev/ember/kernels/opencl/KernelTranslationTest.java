// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.Kernel;
import com.aparapi.internal.model.ClassModel;
import com.aparapi.internal.model.Entrypoint;
import com.aparapi.internal.writer.KernelWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Translates every kernel class to OpenCL C with Aparapi's own translator, which needs no OpenCL
 * runtime: a construct Aparapi cannot translate (switch, break, a lambda, an object field) would
 * otherwise only show up as a silent fallback to Java threads on the device.
 */
class KernelTranslationTest {

    /** Every concrete Aparapi kernel of this package. */
    static List<Kernel> kernels() {
        return List.of(new ArenaKernel(64, 16, 16, 4), new TiledArenaKernel(64, 16, 16, 4));
    }

    @Test
    void everyKernelTranslatesToOpenClC() throws Exception {
        for (Kernel kernel : kernels()) {
            ClassModel model = ClassModel.createClassModel(kernel.getClass());
            Entrypoint entry = model.getEntrypoint("run", kernel);
            String source = KernelWriter.writeToString(entry);
            assertTrue(source.contains("__kernel void run("), kernel.getClass() + " has no run() kernel:\n" + source);
            // fp64 is optional on GPUs: the kernels must not need it
            assertFalse(source.contains("cl_khr_fp64"), kernel.getClass() + " uses double:\n" + source);
        }
    }

    @Test
    void onlyTheTiledKernelUsesLocalMemoryAndBarriers() throws Exception {
        String blocked = source(new ArenaKernel(64, 16, 16, 4));
        String tiled = source(new TiledArenaKernel(64, 16, 16, 4));
        assertFalse(blocked.contains("barrier("), "the CPU kernel must have no barrier:\n" + blocked);
        assertTrue(tiled.contains("barrier(") && tiled.contains("__local float"),
                "the GPU kernel stages tiles in local memory between barriers:\n" + tiled);
    }

    private static String source(Kernel kernel) throws Exception {
        return KernelWriter.writeToString(ClassModel.createClassModel(kernel.getClass()).getEntrypoint("run", kernel));
    }

    @Test
    void randomBitsUseAnUnsignedShift() throws Exception {
        Kernel kernel = kernels().get(0);
        String source = KernelWriter.writeToString(
                ClassModel.createClassModel(kernel.getClass()).getEntrypoint("run", kernel));
        assertTrue(source.contains("((unsigned long)"), "Rng.mix needs >>> on long as an unsigned shift:\n" + source);
    }
}

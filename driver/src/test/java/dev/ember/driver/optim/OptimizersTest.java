// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizersTest {

    @Test
    void sgdWithMomentumIsMomentumAndWithoutIsPlainSgd() {
        Optimizer o = Optimizers.sgd(0.05, 0.9, true, 1e-4);
        assertEquals(new Momentum(0.05, 0.9, true, 1e-4), o);
        assertEquals("sgd", Optimizers.nameOf(o));
        assertEquals(new Sgd(0.05, 1e-4), Optimizers.sgd(0.05, 0, false, 1e-4));
    }

    static Stream<Arguments> badHyperParameters() {
        Adam a = Adam.defaults();
        return Stream.of(
                Arguments.of((Supplier<Optimizer>) () -> new Adam(a.lr(), a.beta1(), 1.5, a.eps(), 0),
                        "adam.beta2 must be in [0, 1), got 1.5"),
                Arguments.of((Supplier<Optimizer>) () -> new Adam(a.lr(), -0.1, a.beta2(), a.eps(), 0),
                        "adam.beta1 must be in [0, 1), got -0.1"),
                Arguments.of((Supplier<Optimizer>) () -> new Adam(a.lr(), a.beta1(), a.beta2(), 0, 0),
                        "adam.eps must be > 0"),
                Arguments.of((Supplier<Optimizer>) () -> new Adam(-1, a.beta1(), a.beta2(), a.eps(), 0),
                        "adam.lr must be > 0"),
                Arguments.of((Supplier<Optimizer>) () -> new AdamW(1e-3, 0.9, 0.999, 1e-8, -0.01),
                        "adamw.weight_decay must be >= 0"),
                Arguments.of((Supplier<Optimizer>) () -> Optimizers.sgd(0, 0, false, 0), "sgd.lr must be > 0"),
                Arguments.of((Supplier<Optimizer>) () -> Optimizers.sgd(1e-3, 1.0, false, 0),
                        "sgd.momentum must be in (0, 1)"),
                Arguments.of((Supplier<Optimizer>) () -> Optimizers.sgd(1e-3, 0, true, 0),
                        "sgd.nesterov requires sgd.momentum > 0"),
                Arguments.of((Supplier<Optimizer>) () -> new RmsProp(1e-2, 1, 1e-8, 0, 0),
                        "rmsprop.alpha must be in [0, 1), got 1.0"),
                Arguments.of((Supplier<Optimizer>) () -> new RmsProp(1e-2, 0.99, 1e-8, Double.NaN, 0),
                        "rmsprop.momentum must be in [0, 1)"),
                Arguments.of((Supplier<Optimizer>) () -> new Adagrad(1e-2, -1, 1e-10, 0),
                        "adagrad.lr_decay must be >= 0"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("badHyperParameters")
    void rejectsBadHyperParametersNamingThem(Supplier<Optimizer> build, String message) {
        var e = assertThrows(IllegalArgumentException.class, build::get);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void stateSizeIsAMultipleOfTheParameterCount() {
        assertEquals(0, Sgd.defaults().stateSize(10));
        assertEquals(10, new Momentum(0.1, 0.9, false, 0).stateSize(10));
        assertEquals(20, Adam.defaults().stateSize(10));
        assertEquals(20, AdamW.defaults().stateSize(10));
        assertEquals(10, RmsProp.defaults().stateSize(10));
        assertEquals(10, Adagrad.defaults().stateSize(10));
    }

    @Test
    void stepRejectsMismatchedLengthsAndStepZero() {
        Adam adam = Adam.defaults();
        float[] theta = new float[3];
        var lengths = assertThrows(IllegalArgumentException.class,
                () -> adam.step(theta, new float[2], new float[6], 1, 0.1f));
        assertEquals("adam: gradient length 2 does not match parameter length 3", lengths.getMessage());
        var state = assertThrows(IllegalArgumentException.class,
                () -> adam.step(theta, new float[3], new float[3], 1, 0.1f));
        assertEquals("adam: state length 3 does not match stateSize(3) = 6", state.getMessage());
        var step = assertThrows(IllegalArgumentException.class,
                () -> adam.step(theta, new float[3], new float[6], 0, 0.1f));
        assertEquals("adam: step t counts from 1, got 0", step.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> adam.step(theta, new float[3], new float[6], 1, Float.NaN));
    }
}

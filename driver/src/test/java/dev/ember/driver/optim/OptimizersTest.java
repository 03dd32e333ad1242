// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OptimizersTest {

    @Test
    void buildsEachOptimizerWithPyTorchDefaults() {
        assertEquals(new Sgd(1e-3, 0), Optimizers.fromConfig("sgd", Map.of()));
        assertEquals(new Adam(1e-3, 0.9, 0.999, 1e-8, 0), Optimizers.fromConfig("adam", null));
        assertEquals(new AdamW(1e-3, 0.9, 0.999, 1e-8, 0.01), Optimizers.fromConfig("AdamW", Map.of()));
        assertEquals(new RmsProp(1e-2, 0.99, 1e-8, 0, 0), Optimizers.fromConfig("rmsprop", Map.of()));
        assertEquals(new Adagrad(1e-2, 0, 1e-10, 0), Optimizers.fromConfig("adagrad", Map.of()));
    }

    @Test
    void sgdWithMomentumBuildsMomentumAndReadsEveryOption() {
        Optimizer o = Optimizers.fromConfig("sgd",
                Map.of("lr", 0.05, "momentum", 0.9, "nesterov", true, "weight_decay", 1e-4));
        assertEquals(new Momentum(0.05, 0.9, true, 1e-4), o);
        assertEquals("sgd", Optimizers.nameOf(o));
    }

    @Test
    void acceptsIntegersAndNumericStringsFromOverrides() {
        Optimizer o = Optimizers.fromConfig("adam", Map.of("lr", "0.01", "weight_decay", 0));
        assertEquals(new Adam(0.01, 0.9, 0.999, 1e-8, 0), o);
    }

    static Stream<Optimizer> examples() {
        return Stream.of(new Sgd(0.1, 0.01), new Momentum(0.1, 0.8, true, 0), Adam.defaults(),
                new AdamW(0.002, 0.8, 0.99, 1e-6, 0.05), new RmsProp(0.01, 0.9, 1e-7, 0.5, 0.1),
                new Adagrad(0.05, 0.01, 1e-10, 0));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void toConfigRoundTrips(Optimizer optimizer) {
        assertEquals(optimizer, Optimizers.fromConfig(Optimizers.nameOf(optimizer), Optimizers.toConfig(optimizer)));
    }

    static Stream<Arguments> badHyperParameters() {
        return Stream.of(
                Arguments.of("adam", Map.of("beta2", 1.5), "adam.beta2 must be in [0, 1), got 1.5"),
                Arguments.of("adam", Map.of("beta1", -0.1), "adam.beta1 must be in [0, 1), got -0.1"),
                Arguments.of("adam", Map.of("eps", 0), "adam.eps must be > 0"),
                Arguments.of("adam", Map.of("lr", -1), "adam.lr must be > 0"),
                Arguments.of("adamw", Map.of("weight_decay", -0.01), "adamw.weight_decay must be >= 0"),
                Arguments.of("sgd", Map.of("lr", 0), "sgd.lr must be > 0"),
                Arguments.of("sgd", Map.of("momentum", 1.0), "sgd.momentum must be in (0, 1)"),
                Arguments.of("sgd", Map.of("nesterov", true), "sgd.nesterov requires sgd.momentum > 0"),
                Arguments.of("sgd", Map.of("nesterov", "yes"), "sgd.nesterov must be true or false, got 'yes'"),
                Arguments.of("rmsprop", Map.of("alpha", 1), "rmsprop.alpha must be in [0, 1), got 1.0"),
                Arguments.of("rmsprop", Map.of("momentum", Double.NaN), "rmsprop.momentum must be in [0, 1)"),
                Arguments.of("adagrad", Map.of("lr_decay", -1), "adagrad.lr_decay must be >= 0"),
                Arguments.of("adagrad", Map.of("eps", "tiny"), "adagrad.eps must be a number, got 'tiny'"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("badHyperParameters")
    void rejectsBadHyperParametersNamingThem(String name, Map<String, Object> options, String message) {
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig(name, options));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void rejectsUnknownOptionsNamingThemAndListingTheKnownOnes() {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("lr", 0.1);
        options.put("betas", 0.9);
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig("adam", options));
        assertEquals("unknown option betas for adam; known options: lr, beta1, beta2, eps, weight_decay",
                e.getMessage());
    }

    @Test
    void rejectsUnknownNamesListingTheKnownOnes() {
        var e = assertThrows(IllegalArgumentException.class, () -> Optimizers.fromConfig("adamx", Map.of()));
        assertEquals("unknown optimizer 'adamx'; known: sgd, adam, adamw, rmsprop, adagrad", e.getMessage());
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

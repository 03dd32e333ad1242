// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ember.driver.optim.Adagrad;
import dev.ember.driver.optim.Adam;
import dev.ember.driver.optim.AdamW;
import dev.ember.driver.optim.ConstantLr;
import dev.ember.driver.optim.CosineLr;
import dev.ember.driver.optim.ExponentialLr;
import dev.ember.driver.optim.LinearWarmup;
import dev.ember.driver.optim.Momentum;
import dev.ember.driver.optim.OneCycleLr;
import dev.ember.driver.optim.Optimizer;
import dev.ember.driver.optim.Optimizers;
import dev.ember.driver.optim.RmsProp;
import dev.ember.driver.optim.Schedule;
import dev.ember.driver.optim.Sgd;
import dev.ember.driver.optim.StepLr;
import dev.ember.driver.optim.WarmRestartsLr;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OptimReaderTest {
    private static final long TOTAL = 1000;
    private static final long PER_EPOCH = 50;

    private static TrainingConfig training(String... sets) {
        return JobConfig.parse(JobConfigTest.MINIMAL, List.of(sets)).training();
    }

    private static Optimizer optimizer(String yaml) {
        return training("training.optimizer=" + yaml).optimizer().optimizer();
    }

    private static Schedule schedule(String yaml) {
        return training("training.schedule=" + yaml).schedule().build(0.1, TOTAL, PER_EPOCH);
    }

    private static String error(String... sets) {
        return assertThrows(ConfigException.class, () -> training(sets)).getMessage();
    }

    @Test
    void buildsEachOptimizerWithPyTorchDefaults() {
        assertEquals(new Sgd(1e-3, 0), optimizer("{name: sgd}"));
        assertEquals(new Adam(1e-3, 0.9, 0.999, 1e-8, 0), optimizer("{name: adam}"));
        assertEquals(new AdamW(1e-3, 0.9, 0.999, 1e-8, 0.01), optimizer("{name: AdamW}"));
        assertEquals(new RmsProp(1e-2, 0.99, 1e-8, 0, 0), optimizer("{name: rmsprop}"));
        assertEquals(new Adagrad(1e-2, 0, 1e-10, 0), optimizer("{name: adagrad}"));
    }

    @Test
    void sgdWithMomentumBuildsMomentumAndReadsEveryOption() {
        assertEquals(new Momentum(0.05, 0.9, true, 1e-4),
                optimizer("{name: sgd, lr: 0.05, momentum: 0.9, nesterov: true, weight_decay: 1e-4}"));
        assertEquals(new Momentum(0.05, 0.9, false, 0), optimizer("{name: sgd, lr: 0.05, momentum: 0.9, nesterov: 'false'}"));
    }

    @Test
    void acceptsIntegersAndNumericStringsFromOverrides() {
        assertEquals(new Adam(0.01, 0.9, 0.999, 1e-8, 0), optimizer("{name: adam, lr: '0.01', weight_decay: 0}"));
    }

    static Stream<Optimizer> examples() {
        return Stream.of(new Sgd(0.1, 0.01), new Momentum(0.1, 0.8, true, 0), Adam.defaults(),
                new AdamW(0.002, 0.8, 0.99, 1e-6, 0.05), new RmsProp(0.01, 0.9, 1e-7, 0.5, 0.1),
                new Adagrad(0.05, 0.01, 1e-10, 0));
    }

    @ParameterizedTest
    @MethodSource("examples")
    void toConfigReadsBackAsTheSameOptimizer(Optimizer optimizer) throws Exception {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("name", Optimizers.nameOf(optimizer));
        section.putAll(Optimizers.toConfig(optimizer));
        assertEquals(optimizer, optimizer(new ObjectMapper().writeValueAsString(section)));
    }

    @Test
    void keepsTheOptionsAsWrittenForTheRunIdentity() {
        OptimizerConfig c = training("training.optimizer={name: adam, lr: 1, betas: [0.8, 0.99]}").optimizer();
        assertEquals(Map.of("lr", "1", "beta1", "0.8", "beta2", "0.99"), c.written());
        assertEquals(List.of("lr", "beta1", "beta2"), List.copyOf(c.written().keySet()));
        assertEquals(Map.of("eta_min", "1.0E-5"),
                training("training.schedule={name: cosine, eta_min: 1e-5}").schedule().written());
    }

    @Test
    void rejectsBadOptimizerOptionsNamingTheKey() {
        assertEquals("training.optimizer.nesterov must be true or false, got 'yes'",
                error("training.optimizer={name: sgd, nesterov: 'yes'}"));
        assertEquals("training.optimizer.eps must be a number, got 'tiny'",
                error("training.optimizer={name: adagrad, eps: tiny}"));
        assertEquals("training.optimizer.lr must be a single value or a list, got null", error("training.optimizer.lr="));
        assertEquals("training.optimizer.beta2 must be in [0, 1), got 1.5",
                error("training.optimizer={name: adam, betas: [0.9, 1.5]}"));
        assertEquals("training.optimizer.betas must be a list of two numbers [beta1, beta2], got 0.9",
                error("training.optimizer.betas=0.9"));
        assertEquals("training.optimizer.nesterov requires training.optimizer.momentum > 0, got momentum 0",
                error("training.optimizer={name: sgd, nesterov: true}"));
    }

    @Test
    void rejectsUnknownOptionsNamingThemAndListingTheKnownOnes() {
        assertEquals("unknown key 'training.optimizer.foo' for adam; known options: lr, beta1, beta2, eps, weight_decay",
                error("training.optimizer={lr: 0.1, foo: 0.9}"));
        assertEquals("training.optimizer: unknown options foo, bar for adam; known options: lr, beta1, beta2, eps,"
                + " weight_decay", error("training.optimizer={foo: 1, bar: 2}"));
        assertEquals("training.optimizer: unknown options beta1, beta2 for sgd; known options: lr, momentum, nesterov,"
                + " weight_decay", error("training.optimizer={name: sgd, betas: [0.9, 0.99]}"));
    }

    @Test
    void theEstimatorsReadANameAndARate() {
        assertEquals(new Adam(0.01, 0.9, 0.999, 1e-8, 0), OptimizerConfig.of(" Adam ", 0.01).optimizer());
        assertEquals(new Sgd(0.5, 0), OptimizerConfig.of("sgd", 0.5).optimizer());
        assertEquals("unknown optimizer 'adamx'; known: sgd, adam, adamw, rmsprop, adagrad",
                assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.of("adamx", 0.01)).getMessage());
        assertEquals("adam.lr must be > 0 and finite, got -1.0",
                assertThrows(IllegalArgumentException.class, () -> OptimizerConfig.of("adam", -1)).getMessage());
    }

    @Test
    void buildsEachScheduleFromTheBaseRateAndTheTrainingPlan() {
        assertEquals(new ConstantLr(0.1), schedule("{name: constant}"));
        assertEquals(new StepLr(0.1, 30, 0.1), schedule("{name: step, step_size: 30}"));
        assertEquals(new ExponentialLr(0.1, 0.99), schedule("{name: exponential, gamma: 0.99}"));
        assertEquals(new CosineLr(0.1, TOTAL, 0), schedule("{name: cosine}"));
        assertEquals(new WarmRestartsLr(0.1, 100, 2, 1e-4), schedule("{name: sgdr, t_0: 100, t_mult: 2, eta_min: 1e-4}"));
        assertEquals(new OneCycleLr(0.1, TOTAL, 0.3, 25, 1e4), schedule("{name: one_cycle}"));
        assertEquals(new OneCycleLr(0.5, TOTAL, 0.25, 10, 100),
                schedule("{name: onecycle, max_lr: 0.5, pct_start: 0.25, div_factor: 10, final_div_factor: 100}"));
    }

    @Test
    void epochOptionsAreConvertedToSteps() {
        assertEquals(new StepLr(0.1, 100, 0.5), schedule("{name: step, step_size_epochs: 2, gamma: 0.5}"));
        assertEquals(new WarmRestartsLr(0.1, 100, 1, 0), schedule("{name: sgdr, t_0_epochs: 2}"));
        assertEquals(new LinearWarmup(new CosineLr(0.1, TOTAL, 0), 50), schedule("{name: cosine, warmup_epochs: 1}"));
        assertEquals(0.081, schedule("{name: exponential, gamma_per_epoch: 0.81}").lr(50), 1e-12);
        assertEquals(new LinearWarmup(new StepLr(0.1, 30, 0.1), 10),
                schedule("{name: step, step_size: 30, warmup_steps: 10}"));
        assertEquals(new ConstantLr(0.1), schedule("{name: constant, warmup_steps: 0}"));
    }

    @Test
    void rejectsBadScheduleOptionsNamingTheKey() {
        assertEquals("unknown key 'training.schedule.T_max' for cosine; known options: eta_min, warmup_steps,"
                + " warmup_epochs", error("training.schedule={name: cosine, T_max: 10}"));
        assertEquals("training.schedule: step needs step_size or step_size_epochs", error("training.schedule.name=step"));
        assertEquals("training.schedule: sgdr: give t_0 or t_0_epochs, not both",
                error("training.schedule={name: sgdr, t_0: 5, t_0_epochs: 1}"));
        assertEquals("training.schedule: exponential needs exactly one of gamma (per step) or gamma_per_epoch, got"
                + " neither", error("training.schedule.name=exponential"));
        assertEquals("training.schedule.step_size must be an integer, got '2.5'",
                error("training.schedule={name: step, step_size: 2.5}"));
        assertEquals("training.schedule.warmup_steps must be >= 0, got -3",
                error("training.schedule={name: cosine, warmup_steps: -3}"));
        assertEquals("training.schedule.eta_min must be >= 0 and finite, got -1.0",
                error("training.schedule={name: cosine, eta_min: -1}"));
        assertEquals("training.schedule.t_mult must be >= 1, got 0", error("training.schedule={name: sgdr, t_0: 5, t_mult: 0}"));
        assertEquals("training.schedule.gamma_per_epoch must be in (0, 1], got 2.0",
                error("training.schedule={name: exponential, gamma_per_epoch: 2}"));
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The optimisers by their config names, and back. In the job YAML (read by the config package,
 * which calls the records' constructors; options left out take each record's {@code defaults()}):
 * <pre>
 *   sgd      lr, momentum, nesterov, weight_decay   (momentum > 0 gives {@link Momentum})
 *   adam     lr, beta1, beta2, eps, weight_decay
 *   adamw    lr, beta1, beta2, eps, weight_decay
 *   rmsprop  lr, alpha, eps, momentum, weight_decay
 *   adagrad  lr, lr_decay, eps, weight_decay
 * </pre>
 * {@link #toConfig} lists every option of a built optimiser, for model files and checkpoints.
 */
public final class Optimizers {
    private Optimizers() {}

    /** Config name {@code sgd}: plain {@link Sgd} when {@code momentum} is 0, else {@link Momentum}. */
    public static Optimizer sgd(double lr, double momentum, boolean nesterov, double weightDecay) {
        if (momentum == 0) {
            if (nesterov) {
                throw new IllegalArgumentException("sgd.nesterov requires sgd.momentum > 0, got momentum 0");
            }
            return new Sgd(lr, weightDecay);
        }
        return new Momentum(lr, momentum, nesterov, weightDecay);
    }

    /** The config name of {@code optimizer} ({@link Momentum} is {@code sgd}). */
    public static String nameOf(Optimizer optimizer) {
        if (optimizer instanceof Sgd || optimizer instanceof Momentum) return "sgd";
        if (optimizer instanceof Adam) return "adam";
        if (optimizer instanceof AdamW) return "adamw";
        if (optimizer instanceof RmsProp) return "rmsprop";
        if (optimizer instanceof Adagrad) return "adagrad";
        throw new AssertionError("unhandled optimizer " + optimizer);   // sealed: unreachable
    }

    /** Every option of {@code optimizer}, so that reading them back as {@code training.optimizer} gives o. */
    public static Map<String, Object> toConfig(Optimizer optimizer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", optimizer.lr());
        if (optimizer instanceof Sgd s) {
            m.put("weight_decay", s.weightDecay());
        } else if (optimizer instanceof Momentum s) {
            m.put("momentum", s.momentum());
            m.put("nesterov", s.nesterov());
            m.put("weight_decay", s.weightDecay());
        } else if (optimizer instanceof Adam a) {
            adamOptions(m, a.beta1(), a.beta2(), a.eps(), a.weightDecay());
        } else if (optimizer instanceof AdamW a) {
            adamOptions(m, a.beta1(), a.beta2(), a.eps(), a.weightDecay());
        } else if (optimizer instanceof RmsProp r) {
            m.put("alpha", r.alpha());
            m.put("eps", r.eps());
            m.put("momentum", r.momentum());
            m.put("weight_decay", r.weightDecay());
        } else if (optimizer instanceof Adagrad a) {
            m.put("lr_decay", a.lrDecay());
            m.put("eps", a.eps());
            m.put("weight_decay", a.weightDecay());
        } else {
            throw new AssertionError("unhandled optimizer " + optimizer);   // sealed: unreachable
        }
        return m;
    }

    private static void adamOptions(Map<String, Object> m, double beta1, double beta2, double eps,
                                    double weightDecay) {
        m.put("beta1", beta1);
        m.put("beta2", beta2);
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
    }
}

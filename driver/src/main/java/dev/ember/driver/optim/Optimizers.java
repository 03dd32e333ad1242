// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds an {@link Optimizer} from a config section: a name and its options, snake_case as in the
 * job YAML. Options left out take PyTorch's defaults (each record's {@code defaults()}). Unknown
 * names and unknown options are errors that name them.
 * <pre>
 *   sgd      lr, momentum, nesterov, weight_decay   (momentum > 0 gives {@link Momentum})
 *   adam     lr, beta1, beta2, eps, weight_decay
 *   adamw    lr, beta1, beta2, eps, weight_decay
 *   rmsprop  lr, alpha, eps, momentum, weight_decay
 *   adagrad  lr, lr_decay, eps, weight_decay
 * </pre>
 * {@link #toConfig} is the inverse, for model files and checkpoints.
 */
public final class Optimizers {
    /** The names {@link #fromConfig} accepts. */
    public static final List<String> NAMES = List.of("sgd", "adam", "adamw", "rmsprop", "adagrad");

    private Optimizers() {}

    public static Optimizer fromConfig(String name, Map<String, Object> options) {
        String key = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        Options o = new Options(key, options);
        Optimizer optimizer = switch (key) {
            case "sgd" -> sgd(o);
            case "adam" -> {
                Adam d = Adam.defaults();
                yield new Adam(o.number("lr", d.lr()), o.number("beta1", d.beta1()),
                        o.number("beta2", d.beta2()), o.number("eps", d.eps()),
                        o.number("weight_decay", d.weightDecay()));
            }
            case "adamw" -> {
                AdamW d = AdamW.defaults();
                yield new AdamW(o.number("lr", d.lr()), o.number("beta1", d.beta1()),
                        o.number("beta2", d.beta2()), o.number("eps", d.eps()),
                        o.number("weight_decay", d.weightDecay()));
            }
            case "rmsprop" -> {
                RmsProp d = RmsProp.defaults();
                yield new RmsProp(o.number("lr", d.lr()), o.number("alpha", d.alpha()),
                        o.number("eps", d.eps()), o.number("momentum", d.momentum()),
                        o.number("weight_decay", d.weightDecay()));
            }
            case "adagrad" -> {
                Adagrad d = Adagrad.defaults();
                yield new Adagrad(o.number("lr", d.lr()), o.number("lr_decay", d.lrDecay()),
                        o.number("eps", d.eps()), o.number("weight_decay", d.weightDecay()));
            }
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; known: "
                    + String.join(", ", NAMES));
        };
        o.rejectUnknown();
        return optimizer;
    }

    private static Optimizer sgd(Options o) {
        Sgd d = Sgd.defaults();
        double lr = o.number("lr", d.lr());
        double momentum = o.number("momentum", 0);
        boolean nesterov = o.flag("nesterov", false);
        double weightDecay = o.number("weight_decay", d.weightDecay());
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

    /** Every option of {@code optimizer}, so that {@code fromConfig(nameOf(o), toConfig(o))} equals o. */
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

// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

/** Rewrites a component's validation message so it names the config key, e.g. {@code training.optimizer.lr}. */
final class ConfigMessages {
    private ConfigMessages() {}

    /**
     * {@code "adam.lr must be > 0"} becomes {@code "training.optimizer.lr must be > 0"}; a message that
     * names no key gets the section in front ({@code "training.schedule: total steps must be >= 1"}).
     */
    static String nameKeys(String section, String name, String message) {
        String m = message.replace(name + ".", section + ".");
        return m.contains(section) ? m : section + ": " + m;
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

/** Rewrites a component's validation message so it names the config key, e.g. {@code training.optimizer.lr}. */
final class ConfigMessages {
    private ConfigMessages() {}

    /**
     * {@code "adam.lr must be > 0"} becomes {@code "training.optimizer.lr must be > 0"}, and
     * {@code "unknown option lrr for adam; known options: ..."} becomes
     * {@code "unknown key 'training.optimizer.lrr' for adam; known options: ..."}.
     */
    static String nameKeys(String section, String name, String message) {
        String m = message.replace(name + ".", section + ".");
        if (m.startsWith("unknown option ")) {
            String rest = m.substring("unknown option ".length());
            int space = rest.indexOf(' ');
            String option = space < 0 ? rest : rest.substring(0, space);
            m = "unknown key '" + section + "." + option + "'" + (space < 0 ? "" : rest.substring(space));
        }
        return m.contains(section) ? m : section + ": " + m;
    }
}

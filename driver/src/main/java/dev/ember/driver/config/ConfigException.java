// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.config;

/** A job config that cannot be used: the message is one sentence naming the key and the value. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

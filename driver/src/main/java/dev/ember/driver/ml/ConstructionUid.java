// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

/**
 * Hands a uid to a stage while its Scala superclasses run their constructors: MLlib's shared params
 * (featuresCol, ...) are created there and ask {@code uid()}, before a Java subclass can set a field.
 * The Java constructor stores the uid here in an argument expression of {@code this(...)}, which
 * runs before the superclass constructor, and its {@code uid()} answers from here until its field is set.
 */
final class ConstructionUid {
    private static final ThreadLocal<String> PENDING = new ThreadLocal<>();

    private ConstructionUid() {}

    /** Stores {@code uid} for the constructor about to run and returns it. */
    static String stash(String uid) {
        PENDING.set(uid);
        return uid;
    }

    /** The uid stored for the constructor running on this thread. */
    static String pending() {
        return PENDING.get();
    }

    static void clear() {
        PENDING.remove();
    }
}

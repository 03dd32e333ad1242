// SPDX-License-Identifier: Apache-2.0
package dev.ember.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Packs one package of the compiled test classes into a jar, to submit it like an application jar. */
final class TestJars {
    private TestJars() {}

    /** A jar of every class of {@code type}'s package, written to {@code out}. */
    static Path jarOfPackage(Class<?> type, Path out) {
        Path classesRoot = classesRootOf(type);
        String packageDir = type.getPackageName().replace('.', '/');
        try (Stream<Path> files = Files.list(classesRoot.resolve(packageDir))) {
            List<Path> classes = files.filter(f -> f.toString().endsWith(".class")).sorted().collect(Collectors.toList());
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().putValue("Manifest-Version", "1.0");
            try (OutputStream file = Files.newOutputStream(out); JarOutputStream jar = new JarOutputStream(file, manifest)) {
                for (Path cls : classes) {
                    jar.putNextEntry(new JarEntry(packageDir + "/" + cls.getFileName()));
                    jar.write(Files.readAllBytes(cls));
                    jar.closeEntry();
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + type.getPackageName() + " into " + out, e);
        }
    }

    private static Path classesRootOf(Class<?> type) {
        try {
            Path root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isDirectory(root)) {
                throw new IllegalStateException(type + " is not loaded from a classes directory but from " + root);
            }
            return root;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad code source of " + type, e);
        }
    }
}

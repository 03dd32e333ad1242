// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import dev.ember.driver.model.Model;
import dev.ember.driver.model.ModelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * Saving and loading Ember's Spark ML models: the folder holds Ember's own model files
 * ({@link ModelFiles}) at its top level and MLlib's params metadata in {@code metadata/}. A folder
 * without {@code metadata/} is read as an {@code ember train} output with default params.
 */
final class EmberModelIo {
    private EmberModelIo() {}

    static final class Writer extends MLWriter {
        private final Params instance;
        private final Model model;

        Writer(Params instance, Model model) {
            this.instance = instance;
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
            try {
                ModelFiles.write(model, new Path(path), sparkSession().sparkContext().hadoopConfiguration());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the Ember model files to " + path + ": "
                        + e.getMessage(), e);
            }
        }
    }

    /** Reads a stage of class {@code type}: {@code make(uid, model)} then the saved params, or {@code fromFolder}. */
    static final class Reader<T extends Params> extends MLReader<T> {
        private final Class<T> type;
        private final BiFunction<String, Model, T> make;
        private final Function<Model, T> fromFolder;

        Reader(Class<T> type, BiFunction<String, Model, T> make, Function<Model, T> fromFolder) {
            this.type = type;
            this.make = make;
            this.fromFolder = fromFolder;
        }

        @Override
        public T load(String path) {
            Configuration conf = sparkSession().sparkContext().hadoopConfiguration();
            Model model = ModelFiles.read(new Path(path), conf);
            Path metadata = new Path(path, "metadata");
            boolean hasMetadata;
            try {
                hasMetadata = metadata.getFileSystem(conf).exists(metadata);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot look for " + metadata + ": " + e.getMessage(), e);
            }
            if (!hasMetadata) {
                return fromFolder.apply(model);
            }
            DefaultParamsReader.Metadata meta = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                    type.getName());
            T stage = make.apply(meta.uid(), model);
            meta.getAndSetParams(stage, Option.empty());
            return stage;
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import dev.ember.driver.model.Model;
import dev.ember.driver.model.ModelFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWriter;
import scala.Option;

/**
 * Saving and loading {@link EmberClassificationModel}: the folder holds Ember's own model files
 * ({@link ModelFiles}) at its top level and MLlib's params metadata in {@code metadata/}. A folder
 * without {@code metadata/} is read as an {@code ember train} output with default params.
 */
final class EmberModelIo {
    private EmberModelIo() {}

    static final class Writer extends MLWriter {
        private final EmberClassificationModel instance;

        Writer(EmberClassificationModel instance) {
            this.instance = instance;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(instance, path, sparkSession());
            try {
                ModelFiles.write(instance.emberModel(), new Path(path), hadoopConf(this));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the Ember model files to " + path + ": "
                        + e.getMessage(), e);
            }
        }
    }

    static final class Reader extends MLReader<EmberClassificationModel> {
        @Override
        public EmberClassificationModel load(String path) {
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
                return EmberClassificationModel.fromEmberFolder(model);
            }
            DefaultParamsReader.Metadata meta = DefaultParamsReader$.MODULE$.loadMetadata(path, sparkSession(),
                    EmberClassificationModel.class.getName());
            EmberClassificationModel m = new EmberClassificationModel(meta.uid(), model);
            meta.getAndSetParams(m, Option.empty());
            return m;
        }
    }

    private static Configuration hadoopConf(MLWriter w) {
        return w.sparkSession().sparkContext().hadoopConfiguration();
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ember.driver.config.Task;
import dev.ember.driver.ModelBuilder;
import dev.ember.driver.config.LossConfig;
import dev.ember.driver.config.ModelConfig;
import dev.ember.driver.model.Model;
import dev.ember.driver.model.ModelException;
import dev.ember.driver.model.Preprocessing;
import dev.ember.worker.NetworkSpec;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** What the stages say about bad settings and bad input, before any Spark job runs. */
class EmberStageErrorsTest {

    private static Model untrained(String task, int outputs) {
        ModelConfig config = new ModelConfig(Task.of(task), List.of(), LossConfig.defaults(), "auto", null);
        NetworkSpec spec = ModelBuilder.build(config, 3, new int[0], outputs, outputs);
        float[] params = new float[spec.layout().total()];
        spec.initialize(params, 1);
        return new Model(spec, params, new Preprocessing(List.of("features"), List.of(), new int[0], null, null,
                "label"), Task.of(task), List.of(), Map.of());
    }

    @Test
    void anUnknownActivationIsNamedWithTheValidOnes() {
        Exception e = assertThrows(RuntimeException.class,
                () -> EmberFit.modelConfig(new EmberClassifier().setActivation("swishy"), Task.CLASSIFICATION,
                        LossConfig.defaults()));
        assertTrue(e.getMessage().contains("'swishy'") && e.getMessage().contains("relu"), e.getMessage());
    }

    @Test
    void aRegressionModelIsRefusedByTheClassificationModel() {
        ModelException e = assertThrows(ModelException.class,
                () -> new EmberClassificationModel("m", untrained("regression", 1)));
        assertTrue(e.getMessage().contains("task 'regression'"), e.getMessage());
    }

    @Test
    void theOutputSchemaAddsMllibsThreeColumnsAndNamesAMissingInput() {
        EmberClassificationModel model = new EmberClassificationModel("m", untrained("classification", 4));
        StructType in = new StructType().add("features", SQLDataTypes.VectorType()).add("id", DataTypes.LongType);
        StructType out = model.transformSchema(in);
        assertEquals(List.of("features", "id", "rawPrediction", "probability", "prediction"),
                List.of(out.fieldNames()));
        assertEquals(4, model.numClasses());

        Exception missing = assertThrows(IllegalArgumentException.class,
                () -> model.setFeaturesCol("pixels").transformSchema(in));
        assertTrue(missing.getMessage().contains("'pixels'"), missing.getMessage());

        model.setFeaturesCol("features").setRawPredictionCol("");
        assertEquals(List.of("features", "id", "probability", "prediction"),
                List.of(model.transformSchema(in).fieldNames()));
        Exception clash = assertThrows(IllegalArgumentException.class,
                () -> model.setPredictionCol("id").transformSchema(in));
        assertTrue(clash.getMessage().contains("'id' already exists"), clash.getMessage());
    }
}

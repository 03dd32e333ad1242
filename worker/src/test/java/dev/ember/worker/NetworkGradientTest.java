// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ember.tensor.Activation;
import dev.ember.tensor.ReferenceBackend;
import dev.ember.worker.nn.ActivationLayer;
import dev.ember.worker.nn.BceWithLogits;
import dev.ember.worker.nn.CrossEntropy;
import dev.ember.worker.nn.Dense;
import dev.ember.worker.nn.Dropout;
import dev.ember.worker.nn.Elu;
import dev.ember.worker.nn.Embedding;
import dev.ember.worker.nn.Huber;
import dev.ember.worker.nn.Init;
import dev.ember.worker.nn.L1;
import dev.ember.worker.nn.Layer;
import dev.ember.worker.nn.LeakyRelu;
import dev.ember.worker.nn.Loss;
import dev.ember.worker.nn.Mse;
import dev.ember.worker.nn.Softmax;
import dev.ember.worker.nn.Tanh;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks of {@link Network#accumulateGradient} for every layer type, every
 * activation and every loss, with and without sample weights, on seeded random shapes.
 *
 * <p>Input gradients are checked through embeddings: the tables' gradient is the first layer's
 * input gradient scattered by category, so a network with embeddings whose FIRST layer is the
 * layer under test checks that layer's {@code dx}. With the layer in the middle, the first Dense
 * layer's weight gradient checks it again.
 */
class NetworkGradientTest {

    static List<Layer> everyLayer() {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Dense(3));
        layers.add(new Dense(4, false, new Init.GlorotNormal()));
        for (Activation f : Activation.values()) {
            layers.add(ActivationLayer.of(f, f == Activation.ELU ? 0.7f : 0.1f));
        }
        layers.add(new Softmax());
        layers.add(new Dropout(0.3f));
        return layers;
    }

    static List<Loss> everyLoss() {
        return List.of(new Mse(), new L1(), new Huber(0.5f), new CrossEntropy(), new BceWithLogits());
    }

    static Stream<Arguments> layersWeighted() {
        return everyLayer().stream().flatMap(l -> Stream.of(Arguments.of(l, false), Arguments.of(l, true)));
    }

    static Stream<Arguments> lossesWeighted() {
        return everyLoss().stream().flatMap(l -> Stream.of(Arguments.of(l, false), Arguments.of(l, true)));
    }

    @Test
    void theSourcesCoverEveryLayerTypeActivationAndLoss() {
        Set<Class<?>> layerTypes = new HashSet<>();
        for (Class<?> c : Layer.class.getPermittedSubclasses()) {
            layerTypes.addAll(c.isInterface() ? Arrays.asList(c.getPermittedSubclasses()) : List.of(c));
        }
        Set<Class<?>> covered = new HashSet<>();
        everyLayer().forEach(l -> covered.add(l.getClass()));
        assertEquals(layerTypes, covered);

        Set<Class<?>> lossTypes = new HashSet<>(Arrays.asList(Loss.class.getPermittedSubclasses()));
        Set<Class<?>> coveredLosses = new HashSet<>();
        everyLoss().forEach(l -> coveredLosses.add(l.getClass()));
        assertEquals(lossTypes, coveredLosses);
    }

    @ParameterizedTest(name = "{0}, weighted={1}")
    @MethodSource("layersWeighted")
    void layerBetweenDenseLayers(Layer layer, boolean weighted) {
        SplittableRandom random = new SplittableRandom(layer.hashCode() * 31L + (weighted ? 1 : 0));
        int hidden = random.nextInt(2, 6);
        List<Layer> layers = List.of(new Dense(hidden), layer, new Dense(random.nextInt(1, 4)));
        check(randomSpec(random, layers, new Mse()), random, weighted);
    }

    @ParameterizedTest(name = "{0}, weighted={1}")
    @MethodSource("layersWeighted")
    void layerFirstGivesInputGradientToEmbeddings(Layer layer, boolean weighted) {
        SplittableRandom random = new SplittableRandom(layer.hashCode() * 17L + (weighted ? 1 : 0));
        List<Layer> layers = List.of(layer, new Dense(random.nextInt(1, 4)));
        check(randomSpec(random, layers, new Mse()), random, weighted);
    }

    @ParameterizedTest(name = "{0}, weighted={1}")
    @MethodSource("lossesWeighted")
    void loss(Loss loss, boolean weighted) {
        SplittableRandom random = new SplittableRandom(loss.hashCode() * 13L + (weighted ? 1 : 0));
        List<Layer> layers = List.of(new Dense(random.nextInt(2, 6)), new Tanh(), new Dense(random.nextInt(2, 5)));
        check(randomSpec(random, layers, loss), random, weighted);
    }

    /** Random numeric width, one or two embeddings, then the layers; the label width fits the loss. */
    private static NetworkSpec randomSpec(SplittableRandom random, List<Layer> layers, Loss loss) {
        List<Embedding> embeddings = new ArrayList<>();
        int tables = random.nextInt(1, 3);
        for (int j = 0; j < tables; j++) {
            embeddings.add(new Embedding(random.nextInt(2, 5), random.nextInt(1, 3)));
        }
        int numeric = random.nextInt(1, 4);
        int width = numeric + embeddings.stream().mapToInt(Embedding::dim).sum();
        for (Layer layer : layers) {
            width = layer.outputWidth("test", width);
        }
        return new NetworkSpec(numeric, embeddings, layers, loss, loss.labelWidth(width));
    }

    private static void check(NetworkSpec spec, SplittableRandom random, boolean weighted) {
        int n = random.nextInt(2, 7);
        Batch batch = TestData.batch(spec, n, random.nextLong(), weighted);
        float[] params = new float[spec.layout().total()];
        spec.initialize(params, random.nextLong());
        try (Network net = new Network(spec, new ReferenceBackend(), n)) {
            net.loadParams(params);
            net.zeroGradient();
            net.accumulateGradient(batch);
            float[] analytic = new float[params.length];
            net.readGradient(analytic);
            GradientCheck.assertMatches(spec.toJson(), params, analytic, () -> {
                net.loadParams(params);
                return net.accumulateGradient(batch);
            });
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.ember.driver.optim;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The one Adam loop that {@link Adam} and {@link AdamW} share; see {@link Adam} for the math.
 * {@code l2} is the coupled weight decay added to the gradient (Adam; 0 for AdamW) and
 * {@code shrink} the decoupled factor 1 − η·λ applied to θ first (AdamW; exactly 1 for Adam, so
 * multiplying by it changes nothing).
 */
final class AdamKernel {
    private AdamKernel() {}

    static void update(float[] theta, float[] grad, float[] state, long t, float lr,
                       double beta1, double beta2, double eps, double l2, float shrink) {
        int n = theta.length;
        // Bias corrections in double, as scalars, once per step.
        double correction1 = 1 - Math.pow(beta1, t);
        double correction2 = 1 - Math.pow(beta2, t);
        float stepSize = (float) (lr / correction1);
        float sqrtCorrection2 = (float) Math.sqrt(correction2);
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float oneMinusB1 = (float) (1 - beta1);
        float oneMinusB2 = (float) (1 - beta2);
        float epsilon = (float) eps;
        float wd = (float) l2;
        // Vector API: with m and v in one array at offsets 0 and n the JIT does not vectorise the
        // scalar loop (4-6x slower at 25M parameters). Lanes do exactly the scalar arithmetic (no FMA),
        // so the result does not depend on where the vector loop ends.
        VectorSpecies<Float> species = FloatVector.SPECIES_PREFERRED;
        int bound = species.loopBound(n);
        int i = 0;
        for (; i < bound; i += species.length()) {
            FloatVector th = FloatVector.fromArray(species, theta, i).mul(shrink);
            FloatVector g = FloatVector.fromArray(species, grad, i);
            if (wd != 0) {
                g = g.add(th.mul(wd));
            }
            FloatVector m = FloatVector.fromArray(species, state, i).mul(b1).add(g.mul(oneMinusB1));
            FloatVector v = FloatVector.fromArray(species, state, n + i).mul(b2).add(g.mul(g).mul(oneMinusB2));
            m.intoArray(state, i);
            v.intoArray(state, n + i);
            FloatVector denom = v.lanewise(VectorOperators.SQRT).div(sqrtCorrection2).add(epsilon);
            th.sub(m.mul(stepSize).div(denom)).intoArray(theta, i);
        }
        for (; i < n; i++) {
            float th = theta[i] * shrink;
            float g = wd == 0 ? grad[i] : grad[i] + wd * th;
            float m = b1 * state[i] + oneMinusB1 * g;
            float v = b2 * state[n + i] + oneMinusB2 * (g * g);
            state[i] = m;
            state[n + i] = v;
            float denom = (float) Math.sqrt(v) / sqrtCorrection2 + epsilon;
            theta[i] = th - stepSize * m / denom;
        }
    }

    static void checkBetas(String name, double beta1, double beta2, double eps) {
        Require.unitInterval(name + ".beta1", beta1);
        Require.unitInterval(name + ".beta2", beta2);
        Require.positive(name + ".eps", eps);
    }
}

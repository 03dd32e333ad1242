// SPDX-License-Identifier: Apache-2.0
package dev.ember.worker;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The accumulator that {@code treeAggregate} merges: partition gradient sums combined in an order
 * that does not depend on the order Spark merges them in.
 *
 * <p>Spark merges partial results in task-completion order, and float addition is not associative,
 * so a plain running sum would make two identical runs differ in the last bits. Instead the
 * partitions {@code 0..P-1} are the leaves of a fixed binary tree; a node is combined with its
 * sibling as soon as both are present, always as {@code left + right}, so every internal node, and
 * the root, is computed by the same arithmetic whatever the arrival order. Where a sibling's range
 * is past {@code P} (an incomplete tree), the node is promoted unchanged. Merging is still partial
 * and eager, so intermediate results shrink as in a plain tree aggregation.
 *
 * <p>Its laws, which {@code GradientSumTest} checks:
 * <ul>
 *   <li><b>Identity.</b> {@code new GradientSum(P)} is the zero: merging it into any sum, or any
 *       sum into it, changes no node. It holds no array, so nothing parameter-sized ships to tasks.
 *       A partition with no rows in the batch adds a node with a {@code null} gradient, which counts
 *       as zeros and allocates nothing.</li>
 *   <li><b>Order independence.</b> For any grouping and order of {@link #addPartition} and
 *       {@link #merge} calls that adds each partition once, {@link #total} is bit-identical: it is
 *       the fixed tree's {@code left + right} at every node, never the arrival order's sum.</li>
 *   <li><b>Each partition once.</b> Adding a partition, or merging a range, twice fails.</li>
 * </ul>
 *
 * <p>What it mutates: {@link #merge} moves every node out of {@code other} (which is left empty)
 * and combines in place, adding the right child's gradient into the left child's array; so
 * arrays handed to {@link #addPartition} belong to the sum from then on, and {@link #total}'s
 * gradient is one of them.
 */
public final class GradientSum implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One node of the tree: the sums over partitions {@code [index·2^level, (index+1)·2^level)}. */
    public record Node(int level, int index, float[] grad, double lossSum, double weightSum, long rows)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        long key() {
            return ((long) level << 32) | index;
        }
    }

    private final int partitions;
    private final TreeMap<Long, Node> nodes = new TreeMap<>();

    public GradientSum(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
        }
        this.partitions = partitions;
    }

    /** Adds partition {@code p}'s sums. {@code grad} may be {@code null} (no rows). Returns this. */
    public GradientSum addPartition(int p, float[] grad, double lossSum, double weightSum, long rows) {
        if (p < 0 || p >= partitions) {
            throw new IllegalArgumentException("partition " + p + " outside [0, " + partitions + ")");
        }
        insert(new Node(0, p, grad, lossSum, weightSum, rows));
        return this;
    }

    /** Moves every node of {@code other} into this sum. Returns this. */
    public GradientSum merge(GradientSum other) {
        if (other.partitions != partitions) {
            throw new IllegalArgumentException("cannot merge gradient sums over " + partitions + " and "
                    + other.partitions + " partitions");
        }
        for (Node n : other.nodes.values()) {
            insert(n);
        }
        other.nodes.clear();
        return this;
    }

    private void insert(Node node) {
        Node current = node;
        while (true) {
            if (nodes.containsKey(current.key())) {
                throw new IllegalStateException("partition range of node " + current.level() + "/"
                        + current.index() + " was added twice");
            }
            if (coversAll(current)) {
                nodes.put(current.key(), current);
                return;
            }
            int siblingIndex = current.index() ^ 1;
            boolean siblingEmpty = ((long) siblingIndex << current.level()) >= partitions;
            if (siblingEmpty) {
                current = new Node(current.level() + 1, current.index() >> 1, current.grad(),
                        current.lossSum(), current.weightSum(), current.rows());
                continue;
            }
            long siblingKey = ((long) current.level() << 32) | siblingIndex;
            Node sibling = nodes.remove(siblingKey);
            if (sibling == null) {
                nodes.put(current.key(), current);
                return;
            }
            Node left = (current.index() & 1) == 0 ? current : sibling;
            Node right = left == current ? sibling : current;
            current = combine(left, right);
        }
    }

    private boolean coversAll(Node n) {
        return n.index() == 0 && (1L << n.level()) >= partitions;
    }

    private static Node combine(Node left, Node right) {
        float[] grad;
        if (left.grad() == null) {
            grad = right.grad();
        } else if (right.grad() == null) {
            grad = left.grad();
        } else {
            float[] l = left.grad();
            float[] r = right.grad();
            if (l.length != r.length) {
                throw new IllegalArgumentException("gradient lengths differ: " + l.length + " and " + r.length);
            }
            for (int i = 0; i < l.length; i++) {
                l[i] += r[i];
            }
            grad = l;
        }
        return new Node(left.level() + 1, left.index() >> 1, grad, left.lossSum() + right.lossSum(),
                left.weightSum() + right.weightSum(), left.rows() + right.rows());
    }

    /** True once every partition has been added. */
    public boolean isComplete() {
        return nodes.size() == 1 && coversAll(nodes.firstEntry().getValue());
    }

    /** The total over all partitions; fails unless complete. The gradient is {@code null} if no partition had rows. */
    public Node total() {
        if (!isComplete()) {
            throw new IllegalStateException("gradient sum is incomplete: " + nodes.size()
                    + " partial nodes over " + partitions + " partitions");
        }
        return nodes.firstEntry().getValue();
    }

    public int partitions() {
        return partitions;
    }

    /** The partial nodes, for serialisers. */
    public Map<Long, Node> nodes() {
        return nodes;
    }
}

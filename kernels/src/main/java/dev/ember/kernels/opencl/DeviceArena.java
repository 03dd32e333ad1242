// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import com.aparapi.internal.kernel.KernelDeviceProfile;
import com.aparapi.internal.kernel.KernelManager;
import com.aparapi.internal.kernel.KernelProfile;
import dev.ember.tensor.Tensor;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The device memory of one {@link OpenClBackend}: the {@link ArenaKernel} whose {@code arena} holds
 * every tensor, a bump allocator over it, transfers through the staging arrays, and launches.
 *
 * <p>Allocation hands out aligned slices of the arena; nothing is freed one by one ({@link #reset}
 * forgets everything at once). When the arena is full it doubles: the device contents are read
 * back, a new kernel with a bigger arena is built (one more OpenCL compile, 0.05-1.5 s), and the
 * old tensors stay valid because ops address them by offset; the old host array only identifies
 * them. Size the first arena for the whole job to avoid that cost.
 *
 * <p>Transfers never move the arena itself: an upload puts a staging array (64 KB, or 1 MB chunks
 * for large tensors) and copies it into place on the device; a download does the reverse. On
 * PoCL the device buffers alias the Java arrays, so puts and gets are plain memory copies.
 */
final class DeviceArena implements AutoCloseable {
    static final int SMALL_STAGE = 1 << 14;
    static final int LARGE_STAGE = 1 << 18;
    static final int KEY_CHUNK = 1 << 12;
    /** 1D work-group size; 2D GEMM groups are {@code GEMM_LOCAL_X × GEMM_LOCAL_Y}. */
    static final int LOCAL = 64;
    /** Slices start on 64-byte boundaries, so vector loads of a slice's first row are aligned. */
    private static final int ALIGN = 16;

    /** Elements per work-item of element ops: see {@link ArenaState#span}. */
    static final int CPU_SPAN = 64;
    /** Transpose tile edge on a CPU device. */
    static final int TRANSPOSE_TILE = 16;

    private final OpenCLDevice device;
    private final int span;
    private final boolean tiledGemm;
    private long launches;
    private final Set<float[]> generations = Collections.newSetFromMap(new WeakHashMap<>());
    private ArenaKernel kernel;
    private int used;
    /** Everything below this offset was handed out at some time and may hold old values. */
    private int highWater;
    private Tensor scratch;

    DeviceArena(OpenCLDevice device, int initialFloats, boolean tiledGemm) {
        this.device = device;
        this.tiledGemm = tiledGemm;
        this.span = device.getType() == Device.TYPE.CPU ? CPU_SPAN : 1;
        this.kernel = build(Math.max(initialFloats, LOCAL));
    }

    ArenaKernel kernel() {
        return kernel;
    }

    OpenCLDevice device() {
        return device;
    }

    int capacity() {
        return kernel.arena.length;
    }

    Tensor allocate(int rows, int cols) {
        int size = Math.multiplyExact(rows, cols);
        int start = (used + ALIGN - 1) / ALIGN * ALIGN;
        long end = (long) start + size;
        if (end > capacity()) {
            grow(end);
        }
        used = (int) end;
        if (start < highWater) {
            fill(start, Math.min(size, highWater - start), 0f);
        }
        highWater = Math.max(highWater, used);
        return new Tensor(kernel.arena, start, rows, cols);
    }

    /** The arena offset of {@code t}, after checking that this arena allocated it. */
    int offset(Tensor t) {
        if (t.data() != kernel.arena && !generations.contains(t.data())) {
            throw new IllegalArgumentException("tensor " + t + " was not allocated by this OpenCL backend "
                    + "(use allocate + upload; a device backend accepts only its own tensors)");
        }
        return t.offset();
    }

    /** Forgets every tensor: later allocations reuse the memory (zero-filled again). */
    void reset() {
        used = 0;
        scratch = null;
    }

    /**
     * The offset of a backend-private slice of at least {@code size} floats (GEMM's transposed B),
     * reused across calls; a larger request allocates a larger slice.
     */
    int scratch(int size) {
        if (scratch == null || scratch.size() < size) {
            scratch = allocate(1, size);
        }
        return scratch.offset();
    }

    void upload(float[] src, int srcOffset, int dst, int size) {
        for (int done = 0; done < size; ) {
            boolean small = size - done <= SMALL_STAGE;
            float[] stage = small ? kernel.stageSmall : kernel.stageLarge;
            int chunk = Math.min(size - done, stage.length);
            System.arraycopy(src, srcOffset + done, stage, 0, chunk);
            kernel.put(stage);
            kernel.offC = dst + done;
            launch(small ? ArenaState.COPY_IN_SMALL : ArenaState.COPY_IN_LARGE, chunk);
            done += chunk;
        }
    }

    void download(int src, int size, float[] dst, int dstOffset) {
        for (int done = 0; done < size; ) {
            boolean small = size - done <= SMALL_STAGE;
            float[] stage = small ? kernel.stageSmall : kernel.stageLarge;
            int chunk = Math.min(size - done, stage.length);
            kernel.offA = src + done;
            launch(small ? ArenaState.COPY_OUT_SMALL : ArenaState.COPY_OUT_LARGE, chunk);
            kernel.get(stage);
            System.arraycopy(stage, 0, dst, dstOffset + done, chunk);
            done += chunk;
        }
    }

    /** Σ of the first {@code rows} per-row losses a loss op left in the small stage, in double. */
    double sumRowLosses(int rows) {
        kernel.get(kernel.stageSmall);
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            sum += kernel.stageSmall[r];
        }
        return sum;
    }

    void fill(int offset, int size, float value) {
        kernel.offC = offset;
        kernel.alpha = value;
        launch(ArenaState.FILL, size);
    }

    /**
     * Runs {@code op} over {@code items} elements ({@link #span} per work-item) or rows (one per
     * work-item); the range is padded to whole work-groups.
     */
    void launch(int op, int items) {
        if (items > 0) {
            kernel.op = op;
            kernel.items = items;
            kernel.span = span;
            int workItems = op >= ArenaState.FIRST_ROW_OP ? items : (items + span - 1) / span;
            kernel.execute(device.createRange(roundUp(workItems, LOCAL), LOCAL));
            launches++;
        }
    }

    /** Transposes rows×cols at the kernel's offA into offC, one tile per work-item (16×16 on a CPU device). */
    void launchTranspose(int rows, int cols) {
        int tile = span > 1 ? TRANSPOSE_TILE : 1;
        int tiles = ((rows + tile - 1) / tile) * ((cols + tile - 1) / tile);
        if (tiles == 0) {
            return;
        }
        kernel.op = ArenaState.TRANSPOSE;
        kernel.items = tiles;
        kernel.inner = tile;
        launches++;
        kernel.execute(device.createRange(roundUp(tiles, LOCAL), LOCAL));
    }

    /** Kernel launches so far (transfers included): what a training step's launch overhead scales with. */
    long launches() {
        return launches;
    }

    /**
     * Runs a GEMM op for an m×n C: one work-item per register block of C ({@link ArenaKernel}) or one
     * work-group per local-memory tile ({@link TiledArenaKernel}).
     */
    void launchGemm(int op, int m, int n) {
        int tilesX = (n + kernel.blockCols() - 1) / kernel.blockCols();
        int tilesY = (m + kernel.blockRows() - 1) / kernel.blockRows();
        int gx = kernel.groupX();
        int gy = kernel.groupY();
        // a tiled kernel's work-group covers one tile; a register-blocked one's work-item covers one block
        int itemsX = tiledGemm ? tilesX * gx : roundUp(tilesX, gx);
        int itemsY = tiledGemm ? tilesY * gy : roundUp(tilesY, gy);
        kernel.op = op;
        kernel.items = tilesX;
        launches++;
        kernel.execute(device.createRange2D(itemsX, itemsY, gx, gy));
    }

    /** Whether GEMM runs through local-memory tiles (GPUs) rather than register blocks only. */
    boolean tiledGemm() {
        return tiledGemm;
    }

    private ArenaKernel newKernel(int floats) {
        return tiledGemm ? new TiledArenaKernel(floats, SMALL_STAGE, LARGE_STAGE, KEY_CHUNK)
                : new ArenaKernel(floats, SMALL_STAGE, LARGE_STAGE, KEY_CHUNK);
    }

    private static int roundUp(int n, int multiple) {
        return (n + multiple - 1) / multiple * multiple;
    }

    private ArenaKernel build(int floats) {
        ArenaKernel k = newKernel(floats);
        k.setExplicit(true);
        // the first launch compiles the program and puts every array (the zero arena included)
        k.op = ArenaState.FILL;
        k.items = 0;
        k.execute(device.createRange(LOCAL, LOCAL));
        requireRanOn(device, k.getClass());
        generations.add(k.arena);
        return k;
    }

    private void grow(long needed) {
        long wanted = Math.max(needed, 2L * capacity());
        if (wanted > Integer.MAX_VALUE - 64 || wanted * Float.BYTES > device.getMaxMemAllocSize()) {
            throw new IllegalStateException("OpenCL arena cannot grow to " + wanted + " floats: the device "
                    + device.getName().trim() + " allows at most " + device.getMaxMemAllocSize()
                    + " bytes per buffer");
        }
        ArenaKernel old = kernel;
        old.get(old.arena);
        ArenaKernel next = newKernel((int) wanted);
        System.arraycopy(old.arena, 0, next.arena, 0, highWater);
        next.setExplicit(true);
        next.op = ArenaState.FILL;
        next.items = 0;
        next.execute(device.createRange(LOCAL, LOCAL));
        requireRanOn(device, next.getClass());
        generations.add(next.arena);
        old.dispose();
        kernel = next;
    }

    /**
     * Throws unless Aparapi's own profile says the last launch of {@link ArenaKernel} ran on
     * {@code expected}. Aparapi falls back silently (and for the whole class) to Java threads when
     * a kernel fails to build; {@code isRunningCL()} reports the preferred device, not the one used.
     */
    static void requireRanOn(OpenCLDevice expected, Class<? extends ArenaKernel> kernelClass) {
        Device ran = lastDevice(kernelClass);
        if (!(ran instanceof OpenCLDevice cl) || cl.getDeviceId() != expected.getDeviceId()) {
            throw new IllegalStateException("the OpenCL kernel did not run on " + expected.getName().trim()
                    + " but on " + (ran == null ? "no device" : ran.getShortDescription())
                    + ": Aparapi fell back to Java (a build failure on the device is logged above); "
                    + "Ember does not run OpenCL kernels in Java threads");
        }
    }

    /** The device of the last launch of {@link ArenaKernel}, from Aparapi's profile. */
    static Device lastDevice(Class<? extends ArenaKernel> kernelClass) {
        KernelProfile profile = KernelManager.instance().getProfile(kernelClass);
        KernelDeviceProfile last = profile == null ? null : profile.getLastDeviceProfile();
        if (last == null) {
            return null;
        }
        for (Device d : profile.getDevices()) {
            if (profile.getDeviceProfile(d) == last) {
                return d;
            }
        }
        return null;
    }

    /** Throws unless the last launch of this arena's kernel ran on its device. */
    void requireRanOnDevice() {
        requireRanOn(device, kernel.getClass());
    }

    @Override
    public void close() {
        kernel.dispose();
    }
}

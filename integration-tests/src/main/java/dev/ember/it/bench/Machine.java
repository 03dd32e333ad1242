// SPDX-License-Identifier: Apache-2.0
package dev.ember.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the benchmarks ran on, read from {@code /proc}: cores, CPU model, clock and vector flags,
 * the load average, and the theoretical fp32 peak derived from them.
 */
record Machine(int cores, String model, String vendor, int family, double mhz, Set<String> flags) {

    static Machine read() {
        int cores = Runtime.getRuntime().availableProcessors();
        Map<String, String> cpu = firstCpu();
        Set<String> flags = Set.of(cpu.getOrDefault("flags", "").trim().split("\\s+"));
        return new Machine(cores, cpu.getOrDefault("model name", System.getProperty("os.arch")),
                cpu.getOrDefault("vendor_id", "unknown"), parseInt(cpu.get("cpu family")),
                parseDouble(cpu.get("cpu MHz")), flags);
    }

    /** The 1-minute load average, NaN off Linux. */
    static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** fp32 lanes per vector register from the widest vector extension the flags report. */
    int vectorLanes() {
        if (flags.contains("avx512f")) {
            return 16;
        }
        return flags.contains("avx") || flags.contains("avx2") ? 8 : 4;
    }

    /**
     * FMA pipes per core: /proc/cpuinfo does not say, so this is the documented figure of the
     * microarchitecture family: 2 for AMD Zen (family >= 0x17) and for Intel cores with AVX2; 1 otherwise.
     */
    int fmaUnits() {
        if (!flags.contains("fma")) {
            return 0;
        }
        boolean zen = vendor.equals("AuthenticAMD") && family >= 0x17;
        boolean intelAvx2 = vendor.equals("GenuineIntel") && flags.contains("avx2");
        return zen || intelAvx2 ? 2 : 1;
    }

    /** cores x FMA units x lanes x 2 FLOP x GHz; without FMA, one add and one multiply pipe. */
    double peakGflops() {
        int units = fmaUnits();
        return units == 0 ? cores * 2.0 * vectorLanes() * mhz / 1000 : cores * units * vectorLanes() * 2.0 * mhz / 1000;
    }

    String peakDerivation() {
        int units = fmaUnits();
        String simd = flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : flags.contains("avx")
                ? "AVX" : "SSE";
        return String.format(Locale.ROOT, "%d cores x %d FMA units (%s family %d, assumed: cpuinfo does not list"
                + " pipes) x %d fp32 lanes (%s%s) x 2 FLOP per FMA x %.3f GHz (cpu MHz in /proc/cpuinfo; a VM reports"
                + " the nominal clock, boost can exceed it) = %.1f GFLOP/s", cores, units, vendor, family,
                vectorLanes(), simd, flags.contains("fma") ? "+FMA" : "", mhz / 1000, peakGflops());
    }

    Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", cores);
        m.put("model", model);
        m.put("mhz", mhz);
        m.put("vector", vectorLanes() * 32 + "-bit" + (flags.contains("fma") ? " FMA" : ""));
        m.put("java", System.getProperty("java.version"));
        return m;
    }

    private static Map<String, String> firstCpu() {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (String line : lines) {
                if (line.isBlank()) {
                    break;
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    m.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
                }
            }
        } catch (IOException e) {
            m.put("model name", "unknown (no /proc/cpuinfo)");
        }
        return m;
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static double parseDouble(String s) {
        try {
            return s == null ? Double.NaN : Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.ember.kernels.opencl;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ember.tensor.Backend;
import dev.ember.tensor.BackendConformance;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The conformance suite on the first OpenCL device (PoCL on CI). Compiling the kernel costs about a
 * second, so the class shares one backend: each test gets a view of it whose {@code close()} is
 * {@link OpenClBackend#reset()}, which frees the test's tensors and keeps the compiled kernel.
 */
class OpenClBackendTest extends BackendConformance {
    private static OpenClBackend shared;

    @BeforeAll
    static void openDevice() {
        List<DeviceInfo> devices = OpenClDevices.list();
        assumeTrue(!devices.isEmpty(), "no OpenCL device found, so the OpenCL backend cannot be tested here; "
                + OpenClDevices.INSTALL_HINT);
        shared = OpenClBackend.open(devices.get(0), 1 << 16);
    }

    @AfterAll
    static void closeDevice() {
        if (shared != null) {
            assertTrue(shared.launches() > 0, "the conformance suite launched kernels on the OpenCL device");
            shared.requireRanOnDevice();
            shared.close();
        }
    }

    @Override
    protected Backend newBackend() {
        return resettingView(shared);
    }

    /** A view of {@code shared} for one test: {@code close()} frees the test's tensors, not the kernel. */
    static Backend resettingView(OpenClBackend shared) {
        return (Backend) Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        shared.reset();
                        return null;
                    }
                    try {
                        return method.invoke(shared, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}

package riderupdates.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void thePortsAreAllDifferentNeverAnAvoidedOneAndFreeOnceClosed() throws Exception {
        Set<Integer> ports = new HashSet<>();
        int avoided;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            avoided = probe.getLocalPort();
        }
        try (FreePorts free = new FreePorts()) {
            free.avoid(avoided);
            for (int i = 0; i < 500; i++) {
                ports.add(free.next());
            }
        }
        assertEquals(500, ports.size());
        assertFalse(ports.contains(avoided));
        for (int port : ports.stream().limit(20).toList()) {
            // closed: a listener binds each again
            new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
        }
    }
}

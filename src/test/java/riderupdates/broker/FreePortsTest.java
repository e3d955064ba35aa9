package riderupdates.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FreePortsTest {

    @Test
    void thePortsAreAllDifferentAndFreeOnceClosed() throws Exception {
        Set<Integer> ports = new HashSet<>();
        try (FreePorts free = new FreePorts()) {
            for (int i = 0; i < 500; i++) {
                ports.add(free.next());
            }
        }
        assertEquals(500, ports.size());
        for (int port : ports.stream().limit(20).toList()) {
            // closed: a listener binds each again
            new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close();
        }
    }

    @Test
    void aPortGivenOrAvoidedAlreadyIsPassedOver() throws Exception {
        // the system hands out 9001 (avoided), 9002, 9002 again, then 9003
        Scripted sockets = new Scripted(9001, 9002, 9002, 9003);
        try (FreePorts free = new FreePorts(sockets)) {
            free.avoid(9001);
            assertEquals(9002, free.next());
            assertEquals(9003, free.next());
        }
        assertEquals(4, sockets.closed.size(), "every socket opened is closed, the passed-over ones too");
    }

    @Test
    void closingGoesOnPastASocketThatFailsToClose() throws Exception {
        Scripted sockets = new Scripted(9001, 9002, 9003);
        sockets.failToClose.add(9001);
        FreePorts free = new FreePorts(sockets);
        free.next();
        free.next();
        free.next();
        IOException failed = assertThrows(IOException.class, free::close);
        assertTrue(failed.getMessage().contains("9001"), failed.getMessage());
        assertEquals(List.of(9002, 9003), sockets.closed);
    }

    /** Sockets on the ports of a script, unbound: only their port and their closing are used. */
    private static final class Scripted implements FreePorts.Sockets {
        final Deque<Integer> ports = new ArrayDeque<>();
        final List<Integer> closed = new ArrayList<>();
        final Set<Integer> failToClose = new HashSet<>();

        Scripted(Integer... ports) {
            this.ports.addAll(List.of(ports));
        }

        @Override
        public ServerSocket open() throws IOException {
            int port = ports.removeFirst();
            return new ServerSocket() {
                @Override
                public int getLocalPort() {
                    return port;
                }

                @Override
                public void close() throws IOException {
                    super.close();
                    if (failToClose.contains(port)) {
                        throw new IOException("could not close " + port);
                    }
                    closed.add(port);
                }
            };
        }
    }
}

package riderupdates.broker;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Free loopback ports, all different. Each socket stays open until every port is chosen: a port asked for after its
 * socket had closed could come back again (a node's client and controller listeners once got the same one).
 */
final class FreePorts implements AutoCloseable {

    /** Opens a socket on a port of the system's choosing. */
    interface Sockets {
        ServerSocket open() throws IOException;
    }

    private final Sockets sockets;
    private final List<ServerSocket> held = new ArrayList<>();
    private final Set<Integer> given = new HashSet<>();

    FreePorts() {
        this(() -> new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
    }

    FreePorts(Sockets sockets) {
        this.sockets = sockets;
    }

    /** A port the caller named itself: never handed out. */
    void avoid(int port) {
        given.add(port);
    }

    int next() throws IOException {
        while (true) {
            ServerSocket socket = sockets.open();
            held.add(socket);
            if (given.add(socket.getLocalPort())) {
                return socket.getLocalPort();
            }
        }
    }

    /** Frees the ports for the listeners that bind them next: every one, even when one fails to close. */
    @Override
    public void close() throws IOException {
        IOException failed = null;
        for (ServerSocket socket : held) {
            try {
                socket.close();
            } catch (IOException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}

package io.managedkvs.cli.raftkv;

import io.managedkvs.cli.local.ChildProcess;
import io.managedkvs.raftkv.client.PdClient;
import io.managedkvs.raftkv.client.TransportSecurity;
import io.managedkvs.raftkv.proto.pd.StoreStatus;
import java.io.PrintWriter;
import java.util.List;

/** What a started raft-kv playground prints: its addresses and lines to copy. */
public final class RaftKvBanner {

    private RaftKvBanner() {
    }

    public static void print(RaftKvPlayground p, PrintWriter out) {
        List<StoreStatus> registered = List.of();
        try (TransportSecurity security = p.clientSecurity(); PdClient pd = new PdClient(p.clientConfig(security))) {
            registered = pd.stores();
        } catch (RuntimeException e) {
            // The banner shows what the processes are even if PD cannot list them right now.
        }
        String endpoints = (p.pdEndpoint().equals("127.0.0.1:" + RaftKvLayout.DEFAULT_BASE) ? "" : " --endpoints " + p.pdEndpoint())
                + p.certificates().map(c -> " --tls-dir " + c.clientDir()).orElse("");
        out.println();
        out.println("Managed KVS playground: raft-kv, PD and " + p.stores().size() + " stores");
        out.println();
        out.println("  pd           " + p.pdEndpoint() + " (pid " + p.pd().pid() + ", status http://127.0.0.1:" + p.layout().pdStatus()
                + "/metrics)");
        String indent = "  stores       ";
        String respPort = null;
        for (int i = 0; i < p.stores().size(); i++) {
            ChildProcess s = p.stores().get(i);
            RaftKvLayout.StorePorts ports = p.layout().stores().get(i);
            String id = registered.stream().filter(r -> r.getStore().getAddress().endsWith(":" + ports.grpc())).findFirst()
                    .map(r -> "id " + r.getStore().getId() + ", ").orElse("");
            boolean resp = RaftKvPlayground.listening(ports.resp());
            if (resp && respPort == null) {
                respPort = Integer.toString(ports.resp());
            }
            out.println(indent + s.name() + " 127.0.0.1:" + ports.grpc() + " (" + id + "pid " + s.pid()
                    + (resp ? ", redis protocol on 127.0.0.1:" + ports.resp() : "") + ")");
            indent = "               ";
        }
        out.println("  directory    " + p.dir() + " (data and logs)");
        p.certificates().ifPresent(c -> out.println("  tls          mutual TLS on every gRPC and Redis-protocol port; client certificate in "
                + c.clientDir() + " (status ports stay plain HTTP)"));
        out.println();
        out.println("Try it:");
        out.println("  ./kvsctl put greeting hello" + endpoints);
        out.println("  ./kvsctl get greeting" + endpoints);
        out.println("  ./kvsctl scan --limit 10" + endpoints);
        out.println("  ./kvsctl regions" + endpoints);
        out.println("  ./kvsctl stores" + endpoints);
        if (respPort != null) {
            out.println("  redis-cli " + p.certificates().map(c -> c.redisCliOptions() + " ").orElse("") + "-p " + respPort
                    + " set greeting hello");
        }
        out.println("  kill -9 " + p.stores().get(0).pid() + "    # a store: it is started again at once, and its regions elect"
                + " new leaders meanwhile");
        out.println();
        out.println("Press Ctrl-C to stop the playground and every process it started.");
        out.println();
        out.flush();
    }
}

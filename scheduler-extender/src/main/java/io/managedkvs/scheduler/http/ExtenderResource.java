package io.managedkvs.scheduler.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.managedkvs.scheduler.metrics.ExtenderMetrics;
import io.managedkvs.scheduler.metrics.ExtenderMetrics.Mode;
import io.managedkvs.scheduler.metrics.ExtenderMetrics.Outcome;
import io.managedkvs.scheduler.metrics.ExtenderMetrics.Verb;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * kube-scheduler's extender protocol over HTTP: {@code POST /scheduler/filter} and
 * {@code POST /scheduler/prioritize} (the {@code urlPrefix} is {@code http://<service>/scheduler}).
 *
 * <p>Handlers run on worker threads (they are blocking by signature), so parsing a large node list never
 * holds an event loop. A request the extender cannot read gets 400 with a message naming the field; an
 * unexpected failure lets every node pass (filter) or scores none (prioritize), with 200, so that an
 * extender bug never stops scheduling.
 */
@Path("/scheduler")
@Blocking
public class ExtenderResource {

    /** Response header with one sentence saying what the filter decided and why, for people reading traffic. */
    public static final String DECISION_HEADER = "X-Managed-KVS-Decision";

    private static final Logger LOG = Logger.getLogger(ExtenderResource.class);

    private final ObjectReader argsReader;
    private final ExtenderVerbs verbs;
    private final ExtenderMetrics metrics;

    public ExtenderResource(ObjectMapper mapper, ExtenderVerbs verbs, ExtenderMetrics metrics) {
        this.argsReader = requestMapper(mapper).readerFor(ExtenderArgs.class);
        this.verbs = verbs;
        this.metrics = metrics;
    }

    @POST
    @Path("/filter")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response filter(InputStream body) {
        long start = System.nanoTime();
        ExtenderArgs args = null;
        try {
            args = read(body);
            ExtenderVerbs.FilterReply reply = verbs.filter(args);
            metrics.request(Verb.FILTER, reply.mode(), Outcome.OK, System.nanoTime() - start);
            return Response.ok(reply.result()).header(DECISION_HEADER, reply.summary()).build();
        } catch (BadExtenderRequest e) {
            metrics.request(Verb.FILTER, modeOf(args), Outcome.BAD_REQUEST, System.nanoTime() - start);
            return badRequest(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("The filter failed; every node passes for this pod", e);
            metrics.request(Verb.FILTER, modeOf(args), Outcome.INTERNAL_ERROR, System.nanoTime() - start);
            return Response.ok(ExtenderVerbs.passThrough(args))
                    .header(DECISION_HEADER, "passthrough: internal error").build();
        }
    }

    @POST
    @Path("/prioritize")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response prioritize(InputStream body) {
        long start = System.nanoTime();
        ExtenderArgs args = null;
        try {
            args = read(body);
            ExtenderVerbs.PrioritizeReply reply = verbs.prioritize(args);
            metrics.request(Verb.PRIORITIZE, reply.mode(), Outcome.OK, System.nanoTime() - start);
            return Response.ok(reply.result()).build();
        } catch (BadExtenderRequest e) {
            metrics.request(Verb.PRIORITIZE, modeOf(args), Outcome.BAD_REQUEST, System.nanoTime() - start);
            return badRequest(e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Prioritize failed; no node is scored for this pod", e);
            metrics.request(Verb.PRIORITIZE, modeOf(args), Outcome.INTERNAL_ERROR, System.nanoTime() - start);
            return Response.ok(List.of()).build();
        }
    }

    /**
     * Reads the request; every way that can fail is a {@link BadExtenderRequest}, so that it is answered
     * with 400 and counted as a bad request (mode unknown), never taken for an error of the extender.
     */
    private ExtenderArgs read(InputStream body) {
        try {
            PushbackInputStream in = body == null ? null : new PushbackInputStream(body, 1);
            int first = in == null ? -1 : in.read();
            if (first == -1) {
                throw new BadExtenderRequest(BadExtenderRequest.EMPTY_BODY);
            }
            in.unread(first);
            // A body of "null" reads as null, which ParsedRequest refuses as empty.
            return argsReader.readValue(in);
        } catch (JsonProcessingException e) {
            throw new BadExtenderRequest("malformed ExtenderArgs" + where(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadExtenderRequest("could not read the request body: " + e.getMessage());
        } catch (BadExtenderRequest e) {
            throw e;
        } catch (RuntimeException e) {
            throw new BadExtenderRequest("unreadable ExtenderArgs: " + e);
        }
    }

    /**
     * The application's mapper, matching property names case-insensitively as Go's encoding/json does
     * ({@code {"pod": ...}} is read as {@code Pod}). kube-scheduler sends the exact names; another client
     * of the protocol written in Go may not, and Go servers accept it. Map keys (labels, annotations, node
     * selectors) stay exact, as in Go. A copy, so that the application's own mapper is left as it is.
     */
    private static ObjectMapper requestMapper(ObjectMapper mapper) {
        ObjectMapper copy = mapper.copy();
        copy.setConfig(copy.getDeserializationConfig().with(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES));
        return copy;
    }

    /** The JSON path of a mapping error, such as {@code at Pod.metadata.labels}. */
    private static String where(JsonProcessingException e) {
        if (!(e instanceof JsonMappingException m) || m.getPath().isEmpty()) {
            return e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : m.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return " at " + path;
    }

    private static Mode modeOf(ExtenderArgs args) {
        if (args == null) {
            return Mode.UNKNOWN;
        }
        return args.nodeNames() != null ? Mode.NAMES : args.nodes() != null ? Mode.NODES : Mode.UNKNOWN;
    }

    private static Response badRequest(String message) {
        return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("Error", message)).build();
    }
}

package io.managedkvs.operator.events;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.managedkvs.api.resource.ManagedKVS;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Records core/v1 Events on a ManagedKVS, shown by {@code kubectl describe mkvs}. An Event that cannot
 * be written is logged and dropped: Events inform, they never fail a reconcile.
 */
public final class EventRecorder {

    public static final String COMPONENT = "managed-kvs-operator";
    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    private static final Logger LOG = Logger.getLogger(EventRecorder.class);
    /** The API server rejects longer messages. */
    private static final int MAX_MESSAGE = 1024;

    private final KubernetesClient client;
    private final Clock clock;

    public EventRecorder(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    public void normal(ManagedKVS resource, String reason, String message) {
        record(resource, NORMAL, reason, message);
    }

    public void warning(ManagedKVS resource, String reason, String message) {
        record(resource, WARNING, reason, message);
    }

    public void record(ManagedKVS resource, String type, String reason, String message) {
        Instant now = clock.instant();
        String timestamp = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        String text = message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE - 3) + "..." : message;
        Event event = new EventBuilder()
                // The classic core/v1 shape (source, first and last timestamp, count), which every
                // API server version accepts without the reporting fields of events.k8s.io.
                .withNewMetadata()
                // kubectl's naming: the object's name and a unique suffix.
                .withName(resource.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli() * 1000
                        + ThreadLocalRandom.current().nextInt(1000)))
                .withNamespace(resource.getMetadata().getNamespace())
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(resource.getApiVersion())
                .withKind(resource.getKind())
                .withName(resource.getMetadata().getName())
                .withNamespace(resource.getMetadata().getNamespace())
                .withUid(resource.getMetadata().getUid())
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(text)
                .withCount(1)
                .withFirstTimestamp(timestamp)
                .withLastTimestamp(timestamp)
                .withNewSource().withComponent(COMPONENT).endSource()
                .build();
        try {
            client.v1().events().inNamespace(resource.getMetadata().getNamespace()).resource(event).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("could not record Event %s %s: %s", type, reason, e.getMessage());
        }
    }
}

package io.managedkvs.api.engine;

/**
 * Settings of the platform installation that engines need to render resources, given to each
 * engine when it is constructed.
 *
 * @param managedSchedulerName       the schedulerName of the Managed KVS scheduler
 * @param managedSchedulerByDefault  whether instances use it when their spec does not say
 * @param imageRegistry              a registry prefix for engine images, or empty for the images' own registries
 */
public record PlatformSettings(String managedSchedulerName, boolean managedSchedulerByDefault, String imageRegistry) {

    public static final String DEFAULT_SCHEDULER_NAME = "managed-kvs-scheduler";

    public PlatformSettings {
        imageRegistry = imageRegistry == null ? "" : imageRegistry;
    }

    public static PlatformSettings defaults() {
        return new PlatformSettings(DEFAULT_SCHEDULER_NAME, false, "");
    }

    /** The image reference with the registry prefix applied when one is configured. */
    public String image(String reference) {
        if (imageRegistry.isEmpty()) {
            return reference;
        }
        String path = reference;
        int slash = reference.indexOf('/');
        if (slash > 0) {
            String first = reference.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                path = reference.substring(slash + 1);
            }
        }
        return imageRegistry.replaceAll("/+$", "") + "/" + path;
    }
}

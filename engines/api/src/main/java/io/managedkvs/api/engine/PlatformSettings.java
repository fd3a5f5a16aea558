package io.managedkvs.api.engine;

import java.util.List;

/**
 * Settings of the platform installation that engines need to render resources, given to each
 * engine when it is constructed.
 *
 * @param managedSchedulerName       the schedulerName of the Managed KVS scheduler
 * @param managedSchedulerByDefault  whether instances use it when their spec does not say
 * @param imageRegistry              a registry prefix for engine images, or empty for the images' own registries
 * @param toolsImage                 the image that runs the platform's own tools in pods (backup Jobs, restore
 *                                   init containers): the operator's image, which holds every engine's code
 */
public record PlatformSettings(String managedSchedulerName, boolean managedSchedulerByDefault, String imageRegistry, String toolsImage) {

    public static final String DEFAULT_SCHEDULER_NAME = "managed-kvs-scheduler";
    public static final String DEFAULT_TOOLS_IMAGE = "ghcr.io/managed-kvs/operator:latest";
    /** Where the operator image keeps its libraries (Quarkus' fast-jar layout); the tools run from them. */
    static final String TOOLS_CLASSPATH = "/deployments/lib/main/*:/deployments/lib/boot/*";

    public PlatformSettings {
        imageRegistry = imageRegistry == null ? "" : imageRegistry;
        toolsImage = toolsImage == null || toolsImage.isBlank() ? DEFAULT_TOOLS_IMAGE : toolsImage;
    }

    public PlatformSettings(String managedSchedulerName, boolean managedSchedulerByDefault, String imageRegistry) {
        this(managedSchedulerName, managedSchedulerByDefault, imageRegistry, DEFAULT_TOOLS_IMAGE);
    }

    public static PlatformSettings defaults() {
        return new PlatformSettings(DEFAULT_SCHEDULER_NAME, false, "");
    }

    /** The command that runs {@code mainClass} from the tools image. */
    public List<String> toolCommand(String mainClass) {
        return List.of("/usr/bin/java", "-XX:MaxRAMPercentage=75.0", "-cp", TOOLS_CLASSPATH, mainClass);
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

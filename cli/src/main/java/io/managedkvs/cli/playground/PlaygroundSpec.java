package io.managedkvs.cli.playground;

/**
 * Everything a playground is started from, validated.
 *
 * @param name  the instance name, which is also the master name Sentinel monitors
 * @param shape members, Sentinels, settings
 * @param ports where it listens
 */
public record PlaygroundSpec(String name, ClusterShape shape, PortLayout ports) {
}

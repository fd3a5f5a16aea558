package io.managedkvs.redis.model;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/**
 * Every container runs as the official image's unprivileged redis user, with no capabilities, no
 * privilege escalation, the runtime's default seccomp profile and a read-only root filesystem
 * (data, configuration and runtime files live on mounted volumes).
 */
final class PodSecurity {

    /** The uid and gid of the redis user in the official image. */
    static final long REDIS_UID = 999L;

    private PodSecurity() {
    }

    static PodSecurityContext pod() {
        return new PodSecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withRunAsUser(REDIS_UID)
                .withRunAsGroup(REDIS_UID)
                .withFsGroup(REDIS_UID)
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .build();
    }

    static SecurityContext container() {
        return new SecurityContextBuilder()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities().withDrop("ALL").endCapabilities()
                .build();
    }
}

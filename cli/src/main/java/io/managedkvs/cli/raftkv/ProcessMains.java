package io.managedkvs.cli.raftkv;

import java.lang.reflect.Field;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The main classes of PD and the store on kvsctl's classpath, and the options they take. The
 * contract names {@code io.managedkvs.raftkv.store.StoreMain}; a build that still has it in a
 * subpackage is found there, and an option a build does not know yet (such as the store's
 * {@code --resp-listen} before the Redis front end exists) is left out rather than made fatal.
 *
 * @param name    the class name
 * @param options the option names it declares
 */
record ProcessMains(String name, Set<String> options) {

    static final List<String> STORE = List.of("io.managedkvs.raftkv.store.StoreMain", "io.managedkvs.raftkv.store.server.StoreMain");
    static final List<String> PD = List.of("io.managedkvs.raftkv.pd.PdMain");

    /** The first of {@code candidates} on the classpath. */
    static ProcessMains find(List<String> candidates) {
        for (String name : candidates) {
            try {
                Class<?> c = Class.forName(name, false, ProcessMains.class.getClassLoader());
                return new ProcessMains(name, optionsOf(c));
            } catch (ClassNotFoundException e) {
                // Try the next name.
            }
        }
        throw new IllegalStateException("none of " + candidates + " is on kvsctl's classpath; rebuild with ./mvnw -pl cli -am package");
    }

    boolean takes(String option) {
        return options.contains(option);
    }

    private static Set<String> optionsOf(Class<?> c) {
        Set<String> out = new HashSet<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            for (Field f : k.getDeclaredFields()) {
                Option o = f.getAnnotation(Option.class);
                if (o != null) {
                    out.addAll(List.of(o.names()));
                }
                if (f.isAnnotationPresent(Mixin.class) || f.isAnnotationPresent(ArgGroup.class)) {
                    out.addAll(optionsOf(f.getType())); // options a component contributes, e.g. the Redis front end's
                }
            }
        }
        return out;
    }
}

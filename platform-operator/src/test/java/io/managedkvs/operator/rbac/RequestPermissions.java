package io.managedkvs.operator.rbac;

import static org.assertj.core.api.Assertions.assertThat;

import io.managedkvs.operator.testing.ServerSideApplyCrudDispatcher.Call;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The RBAC permissions requests need, and those {@link OperatorPermissions} grants, as group/resource:verb. */
public final class RequestPermissions {

    /** /api/v1/namespaces/ns/secrets/name or /apis/group/version/namespaces/ns/resource/name/sub, with an optional query. */
    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/(?<group>[^/]+)/[^/]+)(?:/namespaces/[^/]+)?/(?<resource>[^/?]+)(?:/(?<name>[^/?]+))?(?:/(?<sub>[^/?]+))?$");

    /** What only backups use: the backup reconciler's calls, and the schedule's. */
    public static final Set<String> BACKUPS = Set.of(
            "managedkvs.io/managedkvses:get",
            "managedkvs.io/managedkvsbackups:list", "managedkvs.io/managedkvsbackups:watch", "managedkvs.io/managedkvsbackups:create",
            "managedkvs.io/managedkvsbackups:delete", "managedkvs.io/managedkvsbackups:patch", "managedkvs.io/managedkvsbackups:update",
            "managedkvs.io/managedkvsbackups/status:patch", "managedkvs.io/managedkvsbackups/finalizers:update",
            "batch/jobs:get", "batch/jobs:list", "batch/jobs:watch", "batch/jobs:create", "batch/jobs:delete");

    private RequestPermissions() {
    }

    /** Everything OperatorPermissions grants. */
    public static Set<String> granted() {
        Set<String> granted = new TreeSet<>();
        for (PermissionRule rule : OperatorPermissions.rules()) {
            rule.verbs().forEach(verb -> granted.add(rule.apiGroup() + "/" + rule.resource() + ":" + verb));
        }
        return granted;
    }

    /** The permissions the operator's requests among {@code calls} needed. */
    public static Set<String> used(List<Call> calls, String operatorUserAgent) {
        Set<String> used = new TreeSet<>();
        calls.stream().filter(c -> operatorUserAgent.equals(c.userAgent())).forEach(c -> used.addAll(of(c)));
        return used;
    }

    /** The RBAC permissions a request needs, as group/resource:verb. */
    public static List<String> of(Call call) {
        URI uri = URI.create(call.path());
        Matcher m = PATH.matcher(uri.getPath());
        assertThat(m.matches()).as("a Kubernetes API path: %s", call).isTrue();
        String group = m.group("group") == null ? "" : m.group("group");
        String resource = m.group("resource") + (m.group("sub") == null ? "" : "/" + m.group("sub"));
        boolean named = m.group("name") != null;
        String query = uri.getQuery() == null ? "" : uri.getQuery();
        List<String> verbs = switch (call.method()) {
            case "GET" -> List.of(!named ? (query.contains("watch=true") ? "watch" : "list") : "get");
            case "POST" -> List.of("create");
            case "PUT" -> List.of("update");
            // An apply creates the object when it is missing: the API server then checks create too.
            case "PATCH" -> call.isApply() ? List.of("patch", "create") : List.of("patch");
            case "DELETE" -> List.of(named ? "delete" : "deletecollection");
            default -> throw new AssertionError("unexpected method in " + call);
        };
        return verbs.stream().map(v -> group + "/" + resource + ":" + v).toList();
    }

}

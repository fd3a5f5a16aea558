package io.managedkvs.redis.actuator;

import io.managedkvs.api.engine.Member;
import io.managedkvs.redis.config.SentinelSettings;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the instance should look like, as far as the planner needs it.
 *
 * @param dataMembers   members wanted (spec.replicas); members with a higher ordinal are leaving
 * @param sentinel      the Sentinel settings
 * @param dynamicConfig directives every member must run with, normalised as CONFIG GET reports them
 * @param members       facts about each redis member, by name
 */
public record DesiredState(int dataMembers, SentinelSettings sentinel, Map<String, String> dynamicConfig,
                           Map<String, MemberFacts> members) {

    /** The replica priority of members that stay; Redis' own default. */
    public static final String PRIORITY_STAYING = "100";
    /** Sentinel never promotes a member with priority 0: members being removed get it. */
    public static final String PRIORITY_LEAVING = "0";

    public DesiredState {
        dynamicConfig = Map.copyOf(dynamicConfig);
        members = Map.copyOf(members);
    }

    /** The directives the observer must read. */
    public Set<String> configKeys() {
        Set<String> keys = new LinkedHashSet<>(dynamicConfig.keySet());
        keys.add("replica-priority");
        return keys;
    }

    public MemberFacts facts(String member) {
        MemberFacts f = members.get(member);
        return f != null ? f : new MemberFacts(Member.ordinalOf(member), true, true);
    }

    public boolean leaving(String member) {
        return facts(member).ordinal() >= dataMembers;
    }
}

package io.managedkvs.raftkv.resp.command;

import io.managedkvs.raftkv.resp.backend.KvBackend;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/** Every command the front end serves, by lower-case name. */
public final class CommandTable {

  /** What the commands need from the server around them. */
  public record Settings(byte[] password, IntSupplier port, int maxClients, int scanCursors, LongSupplier clockMs) {}

  private final Map<String, CommandSpec> byName = new LinkedHashMap<>();

  public CommandTable(KvBackend backend, ServerStats stats, Settings settings) {
    ReadModifyWrite rmw = new ReadModifyWrite(backend);
    ScanCommands scans = new ScanCommands(backend, new ScanCursors(settings.scanCursors()));
    List<CommandSpec> specs = new ArrayList<>();
    specs.addAll(new StringCommands(backend, rmw).specs());
    specs.addAll(new KeyCommands(backend, rmw, settings.clockMs()).specs());
    specs.addAll(scans.specs());
    specs.addAll(new ConnectionCommands(settings.password()).specs());
    specs.add(new InfoCommand(stats, settings.port(), settings.maxClients(), scans::countKeys).spec());
    specs.add(new ConfigCommand(settings.maxClients()).spec());
    specs.add(new CommandCommand(this).spec());
    specs.add(TimeCommand.spec(settings.clockMs()));
    for (CommandSpec spec : specs) {
      byName.put(spec.name(), spec);
    }
  }

  /** The command named by {@code name} in any case, or {@code null}. */
  public CommandSpec lookup(byte[] name) {
    return byName.get(Args.text(name).toLowerCase(Locale.ROOT));
  }

  public Collection<CommandSpec> all() {
    return Collections.unmodifiableCollection(byName.values());
  }
}

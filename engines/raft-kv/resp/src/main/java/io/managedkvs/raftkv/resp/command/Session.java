package io.managedkvs.raftkv.resp.command;

/** What one connection has negotiated; touched only on its event loop. */
public final class Session {

  private final long id;
  private int protocol = 2;
  private boolean authenticated;
  private String name = "";
  private String libName = "";
  private String libVersion = "";
  private boolean closing;

  public Session(long id, boolean authenticated) {
    this.id = id;
    this.authenticated = authenticated;
  }

  public long id() {
    return id;
  }

  public int protocol() {
    return protocol;
  }

  void protocol(int protocol) {
    this.protocol = protocol;
  }

  public boolean authenticated() {
    return authenticated;
  }

  void authenticate() {
    this.authenticated = true;
  }

  public String name() {
    return name;
  }

  void name(String name) {
    this.name = name;
  }

  public String libName() {
    return libName;
  }

  public String libVersion() {
    return libVersion;
  }

  void lib(String libName, String libVersion) {
    this.libName = libName;
    this.libVersion = libVersion;
  }

  /** Set by QUIT: the connection closes once every reply before it has been written. */
  public boolean closing() {
    return closing;
  }

  public void close() {
    this.closing = true;
  }
}

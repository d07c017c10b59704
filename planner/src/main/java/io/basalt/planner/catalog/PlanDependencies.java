package io.basalt.planner.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the files of a data root looked like while a statement was planned: the root's listing and
 * the files (or folder trees) of every table the planner loaded. A plan cached with its
 * dependencies is reused only while {@link Snapshot#isCurrent()} — any file added, removed,
 * resized or touched under a listed folder or table invalidates it, as it would change the
 * dataset (file list, footers, schema) the planner saw.
 *
 * <p>Recording is per thread and only while a statement is being prepared ({@link #record}); the
 * catalog calls {@link #listing}, {@link #table} and {@link #uncacheable} from the places that read
 * files, and does nothing when no recording is active (executions, other callers). Each state is
 * taken <em>before</em> the catalog reads the files it describes, so a change racing with planning
 * makes the snapshot stale, never a stale plan look current.
 */
public final class PlanDependencies {
  private static final ThreadLocal<PlanDependencies> CURRENT = new ThreadLocal<>();

  /** Path and kind → the state seen first during this preparation. */
  private final Map<Dependency, Object> states = new LinkedHashMap<>();
  private boolean uncacheable;

  private PlanDependencies() {}

  /** Starts recording on this thread; the returned recorder must be {@link #close closed}. */
  public static PlanDependencies record() {
    PlanDependencies recorder = new PlanDependencies();
    CURRENT.set(recorder);
    return recorder;
  }

  /** Stops recording on this thread. */
  public void close() {
    if (CURRENT.get() == this) {
      CURRENT.remove();
    }
  }

  /** Whether nothing seen during planning forbids reusing the plan. */
  public boolean cacheable() {
    return !uncacheable;
  }

  /** The recorded states, to compare with the files' states when the plan is next wanted. */
  public Snapshot snapshot() {
    return new Snapshot(Map.copyOf(states));
  }

  /** The folder {@code root} is listed to resolve table names: its entries matter. */
  static void listing(Path root) {
    PlanDependencies recorder = CURRENT.get();
    if (recorder != null) {
      recorder.depend(new Dependency(root, Kind.LISTING));
    }
  }

  /** The table at {@code path} (a file, or a folder read recursively) is being loaded. */
  static void table(Path path) {
    PlanDependencies recorder = CURRENT.get();
    if (recorder != null) {
      recorder.depend(new Dependency(path, Kind.TREE));
    }
  }

  /**
   * Planning read something this class cannot fingerprint (a glob of {@code read_parquet}, the CSV
   * rejects of earlier statements): the plan must not be reused.
   */
  public static void uncacheable() {
    PlanDependencies recorder = CURRENT.get();
    if (recorder != null) {
      recorder.uncacheable = true;
    }
  }

  private void depend(Dependency dependency) {
    if (states.containsKey(dependency)) {
      return; // the first state seen is the one the plan may rest on
    }
    try {
      states.put(dependency, dependency.state());
    } catch (IOException | UncheckedIOException e) {
      uncacheable = true; // the statement reports the problem when it reads the files itself
    }
  }

  /** The recorded states of a planned statement's files. */
  public static final class Snapshot {
    private final Map<Dependency, Object> states;

    private Snapshot(Map<Dependency, Object> states) {
      this.states = states;
    }

    /** Whether every recorded file or folder is still in the recorded state (re-reads them). */
    public boolean isCurrent() {
      for (Map.Entry<Dependency, Object> e : states.entrySet()) {
        try {
          if (!e.getValue().equals(e.getKey().state())) {
            return false;
          }
        } catch (IOException | UncheckedIOException ex) {
          return false;
        }
      }
      return true;
    }

    @Override
    public String toString() {
      return states.keySet().toString();
    }
  }

  private enum Kind { LISTING, TREE }

  private record Dependency(Path path, Kind kind) {
    Object state() throws IOException {
      return kind == Kind.LISTING ? listingState(path) : treeState(path);
    }
  }

  /** Name, kind, and link target of each entry of a folder (what name resolution looks at). */
  private static Object listingState(Path folder) throws IOException {
    Map<String, String> entries = new TreeMap<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
      for (Path entry : stream) {
        String kind = Files.isDirectory(entry) ? "d" : "f";
        if (Files.isSymbolicLink(entry)) {
          kind += "->" + Files.readSymbolicLink(entry);
        }
        entries.put(entry.getFileName().toString(), kind);
      }
    }
    return entries;
  }

  /**
   * Size and modification time of a file, or of every file and folder below a folder (links
   * followed, as the datasets follow them): a file added, removed or rewritten anywhere changes it.
   */
  private static Object treeState(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return fileState(path);
    }
    List<Object> state = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(path, java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
      for (Path p : (Iterable<Path>) walk.sorted()::iterator) {
        state.add(path.relativize(p).toString());
        state.add(fileState(p));
      }
    }
    return state;
  }

  private static Object fileState(Path file) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(a.isDirectory(), a.size(), a.lastModifiedTime(),
          Objects.toString(a.fileKey()));
    } catch (NoSuchFileException e) {
      return List.of("missing");
    }
  }
}

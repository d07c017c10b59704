package io.basalt.cli;

import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import sqlline.DispatchCallback;
import sqlline.SqlLine;

/**
 * The shell's progress line: while a statement has been running for more than a second, a line
 * on the terminal says for how long and that Ctrl-C cancels it; it is erased when the statement
 * ends. Polls sqlline's {@link DispatchCallback}, which says whether a statement is running.
 */
final class QueryProgress implements Runnable {
  static final long SHOW_AFTER_MILLIS = 1000;
  private static final long POLL_MILLIS = 200;

  private final Supplier<DispatchCallback> callback;
  private final PrintStream terminal;
  private final LongSupplier clock;
  private long runningSince = -1;
  private boolean shown;

  QueryProgress(Supplier<DispatchCallback> callback, PrintStream terminal, LongSupplier clock) {
    this.callback = callback;
    this.terminal = terminal;
    this.clock = clock;
  }

  /**
   * A daemon thread showing progress for {@code shell}'s statements, or none when sqlline's
   * internals are not as expected (the shell then works without the progress line).
   */
  static Thread start(SqlLine shell, PrintStream terminal) {
    Supplier<DispatchCallback> callback = callbackOf(shell);
    if (callback == null) {
      return null;
    }
    Thread thread = new Thread(new QueryProgress(callback, terminal, System::currentTimeMillis),
        "basalt-shell-progress");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /**
   * sqlline 1.12 keeps the interactive loop's callback in its signal handler (the one Ctrl-C
   * cancels through); no public accessor exists, so it is read reflectively.
   */
  private static Supplier<DispatchCallback> callbackOf(SqlLine shell) {
    try {
      Field handlerField = SqlLine.class.getDeclaredField("signalHandler");
      handlerField.setAccessible(true);
      Object handler = handlerField.get(shell);
      Field callbackField = handler.getClass().getDeclaredField("dispatchCallback");
      callbackField.setAccessible(true);
      return () -> {
        try {
          return (DispatchCallback) callbackField.get(handler);
        } catch (IllegalAccessException e) {
          return null;
        }
      };
    } catch (ReflectiveOperationException | RuntimeException e) {
      return null;
    }
  }

  @Override
  public void run() {
    while (!Thread.currentThread().isInterrupted()) {
      poll();
      try {
        Thread.sleep(POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One look at the callback: show, update or erase the line. */
  void poll() {
    DispatchCallback current = callback.get();
    boolean running = current != null && current.isRunning();
    long now = clock.getAsLong();
    if (!running) {
      runningSince = -1;
      if (shown) {
        terminal.print("\r\033[K");
        terminal.flush();
        shown = false;
      }
      return;
    }
    if (runningSince < 0) {
      runningSince = now;
    }
    long elapsed = now - runningSince;
    if (elapsed >= SHOW_AFTER_MILLIS) {
      terminal.print(String.format(java.util.Locale.ROOT,
          "\r\033[Krunning… %.0f s (Ctrl-C cancels)", elapsed / 1000.0));
      terminal.flush();
      shown = true;
    }
  }
}

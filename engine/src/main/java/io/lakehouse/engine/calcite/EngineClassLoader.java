package io.lakehouse.engine.calcite;

import java.util.function.Supplier;

/**
 * Runs engine work with the engine's own class loader as the thread's context class loader.
 * Hadoop's file systems and Iceberg's format registry look classes up through the context class
 * loader, which in a BI tool is the application's and cannot see the driver's classes.
 */
final class EngineClassLoader {

  private static final ClassLoader ENGINE = EngineClassLoader.class.getClassLoader();

  private EngineClassLoader() {}

  static <T> T call(Supplier<T> work) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    if (previous == ENGINE) {
      return work.get();
    }
    thread.setContextClassLoader(ENGINE);
    try {
      return work.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}

package io.lakehouse.jdbc;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;

/**
 * Loads the driver the way DBeaver and other BI tools do, for {@link DriverJarIT}: from the driver
 * jar alone, in a class loader of its own whose parent is the platform loader, instantiated
 * reflectively and called through {@link Driver#connect} without {@code DriverManager}, while the
 * thread's context class loader stays the application's (which cannot see the jar's classes).
 *
 * <p>Runs in a fresh JVM: {@code IsolatedDriverRun <driver jar> <jdbc url> <sql>...}. Prints one
 * line per result row (values joined by {@code |}) after a {@code ## <sql>} header, and exits with
 * status 1 after printing the stack trace of any failure. Uses only the JDK.
 */
public final class IsolatedDriverRun {

  private IsolatedDriverRun() {}

  /** Entry point; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    String url = args[1];
    ClassLoader application = Thread.currentThread().getContextClassLoader();
    // never closed, as a BI tool keeps it: Hadoop's shutdown hook loads classes from it at exit
    URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    try {
      Driver driver =
          (Driver) Class.forName("io.lakehouse.jdbc.LakehouseDriver", true, loader).getDeclaredConstructor().newInstance();
      if (Thread.currentThread().getContextClassLoader() != application) {
        throw new IllegalStateException("the context class loader changed");
      }
      System.out.println("acceptsURL " + driver.acceptsURL(url));
      try (Connection connection = driver.connect(url, new Properties())) {
        DatabaseMetaData metaData = connection.getMetaData();
        System.out.println("product " + metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion());
        System.out.println("driver " + metaData.getDriverName() + " " + metaData.getDriverVersion());
        try (Statement statement = connection.createStatement()) {
          for (int i = 2; i < args.length; i++) {
            System.out.println("## " + args[i]);
            try (ResultSet rows = statement.executeQuery(args[i])) {
              int columns = rows.getMetaData().getColumnCount();
              while (rows.next()) {
                StringBuilder line = new StringBuilder();
                for (int c = 1; c <= columns; c++) {
                  line.append(c > 1 ? "|" : "").append(rows.getString(c));
                }
                System.out.println(line);
              }
            }
          }
        }
      }
    } catch (Throwable e) {
      e.printStackTrace();
      System.exit(1);
    }
    System.exit(0);
  }
}

package io.lakehouse.engine.io;

import java.io.IOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathHandle;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A read-only local file system that opens, lists and inspects only files whose real path (after
 * following every symbolic link) lies below one of a set of root directories. Every read of a
 * confined connection, by Delta Kernel and by Iceberg alike, goes through it, so neither a path in
 * a table's metadata nor a link can lead a query out of the roots.
 */
public class ConfinedLocalFileSystem extends RawLocalFileSystem {

  /** The Hadoop setting holding the roots, one real path per line. */
  public static final String ROOTS = "lakehouse.confine.roots";

  private List<java.nio.file.Path> roots = List.of();

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    String value = conf.get(ROOTS);
    if (value == null || value.isBlank()) {
      throw new IOException(ROOTS + " is not set: a confined file system needs its roots");
    }
    List<java.nio.file.Path> result = new ArrayList<>();
    for (String line : value.split("\n")) {
      if (!line.isBlank()) {
        result.add(java.nio.file.Path.of(line.trim()));
      }
    }
    roots = List.copyOf(result);
  }

  /** Fails unless {@code path}, with all links followed, lies below one of the roots. */
  private void check(Path path) throws IOException {
    java.nio.file.Path real = realPath(pathToFile(path).toPath());
    for (java.nio.file.Path root : roots) {
      if (real.startsWith(root)) {
        return;
      }
    }
    throw new AccessDeniedException(
        path.toString(), null, "outside the warehouse roots " + roots + " this connection may read");
  }

  /**
   * The real path of a file; for a file that does not exist, the real path of its nearest existing
   * ancestor followed by the rest of the name, so that a missing file is judged by where it would be.
   */
  static java.nio.file.Path realPath(java.nio.file.Path path) throws IOException {
    java.nio.file.Path absolute = path.toAbsolutePath().normalize();
    java.nio.file.Path existing = absolute;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
  }

  private static IOException readOnly(Path path) {
    return new AccessDeniedException(path.toString(), null, "this connection is read-only");
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    check(f);
    return super.open(f, bufferSize);
  }

  @Override
  public FSDataInputStream open(PathHandle fd, int bufferSize) throws IOException {
    throw new AccessDeniedException(String.valueOf(fd), null, "opening by handle is not allowed here");
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    check(f);
    return super.listStatus(f);
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    check(f);
    return super.getFileStatus(f);
  }

  @Override
  public FileStatus getFileLinkStatus(Path f) throws IOException {
    check(f);
    return super.getFileLinkStatus(f);
  }

  @Override
  public boolean exists(Path f) throws IOException {
    check(f);
    return super.exists(f);
  }

  @Override
  public Path getLinkTarget(Path f) throws IOException {
    check(f);
    return super.getLinkTarget(f);
  }

  @Override
  public FSDataOutputStream append(Path f, int bufferSize, Progressable progress) throws IOException {
    throw readOnly(f);
  }

  @Override
  public FSDataOutputStream create(
      Path f, boolean overwrite, int bufferSize, short replication, long blockSize, Progressable progress)
      throws IOException {
    throw readOnly(f);
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    throw readOnly(f);
  }

  @Override
  public FSDataOutputStream createNonRecursive(
      Path f,
      FsPermission permission,
      EnumSet<CreateFlag> flags,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    throw readOnly(f);
  }

  @Override
  public FSDataOutputStream createNonRecursive(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    throw readOnly(f);
  }

  @Override
  public void concat(Path trg, Path[] psrcs) throws IOException {
    throw readOnly(trg);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    throw readOnly(src);
  }

  @Override
  public boolean truncate(Path f, long newLength) throws IOException {
    throw readOnly(f);
  }

  @Override
  public boolean delete(Path p, boolean recursive) throws IOException {
    throw readOnly(p);
  }

  @Override
  public boolean mkdirs(Path f) throws IOException {
    throw readOnly(f);
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    throw readOnly(f);
  }

  @Override
  public void setOwner(Path p, String username, String groupname) throws IOException {
    throw readOnly(p);
  }

  @Override
  public void setPermission(Path p, FsPermission permission) throws IOException {
    throw readOnly(p);
  }

  @Override
  public void setTimes(Path p, long mtime, long atime) throws IOException {
    throw readOnly(p);
  }

  @Override
  public void createSymlink(Path target, Path link, boolean createParent) throws IOException {
    throw readOnly(link);
  }
}

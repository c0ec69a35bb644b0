/**
 * The Avatica server: serves {@code jdbc:lakehouse:} connections to remote clients that use
 * Avatica's thin JDBC driver ({@code jdbc:avatica:remote:url=http://host:port;serialization=PROTOBUF}).
 */
package io.lakehouse.server;

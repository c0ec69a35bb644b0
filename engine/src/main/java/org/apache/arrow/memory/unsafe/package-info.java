/**
 * Arrow's allocator discovery hook: lets Arrow start without netty or arrow-memory-unsafe, since
 * the engine supplies its own allocation manager.
 */
package org.apache.arrow.memory.unsafe;

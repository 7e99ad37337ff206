//! The addon's allocator: glibc's, with a small cache of freed big blocks.
//!
//! The sink starts with `MALLOC_MMAP_THRESHOLD_=131072` (decisions 0014 and 0019), so glibc maps
//! every block of 128 KiB or more afresh and unmaps it when freed. The decoder's and the Parquet
//! writer's buffers are that big and made anew for every batch and file, so each of their pages was
//! faulted in and zeroed by the kernel again and again: measured, a fifth of the writer thread's
//! CPU. Freed big blocks are kept here instead (at most `CAPACITY` bytes, `SLOTS` blocks) and handed
//! out again for a request they fit; what does not fit the cache is freed as before. (mimalloc as
//! the global allocator removed the faults too, but crashed when a worker thread that had used it
//! was terminated, and kept 500 MiB resident.)

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;

/// Blocks from this size on are cached: glibc maps them (the sink's mmap threshold).
const BIG: usize = 128 * 1024;
/// At most this many bytes of freed blocks are kept: resident memory the sink pays for speed.
const CAPACITY: usize = 48 * 1024 * 1024;
const SLOTS: usize = 32;

struct Cache {
  blocks: [(usize, usize); SLOTS],
  count: usize,
  bytes: usize,
}

static CACHE: Mutex<Cache> = Mutex::new(Cache {
  blocks: [(0, 0); SLOTS],
  count: 0,
  bytes: 0,
});

pub struct BigBlocks;

fn usable(ptr: *mut u8) -> usize {
  // SAFETY: `ptr` came from glibc's allocator (System uses malloc, posix_memalign, realloc).
  unsafe { libc::malloc_usable_size(ptr.cast()) }
}

impl Cache {
  /// The smallest cached block that holds `layout` without wasting more than half of itself.
  fn take(&mut self, layout: Layout) -> Option<*mut u8> {
    let mut best: Option<usize> = None;
    for index in 0..self.count {
      let (ptr, size) = self.blocks[index];
      if size >= layout.size()
        && size <= 2 * layout.size()
        && ptr % layout.align() == 0
        && best.is_none_or(|b| size < self.blocks[b].1)
      {
        best = Some(index);
      }
    }
    let index = best?;
    let (ptr, size) = self.blocks[index];
    self.count -= 1;
    self.blocks[index] = self.blocks[self.count];
    self.bytes -= size;
    Some(ptr as *mut u8)
  }

  fn keep(&mut self, ptr: *mut u8, size: usize) -> bool {
    if self.count == SLOTS || self.bytes + size > CAPACITY {
      return false;
    }
    self.blocks[self.count] = (ptr as usize, size);
    self.count += 1;
    self.bytes += size;
    true
  }
}

unsafe impl GlobalAlloc for BigBlocks {
  unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
    if layout.size() >= BIG {
      if let Ok(mut cache) = CACHE.lock() {
        if let Some(ptr) = cache.take(layout) {
          return ptr;
        }
      }
    }
    unsafe { System.alloc(layout) }
  }

  unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
    if layout.size() >= BIG {
      let size = usable(ptr);
      if let Ok(mut cache) = CACHE.lock() {
        if cache.keep(ptr, size) {
          return;
        }
      }
    }
    unsafe { System.dealloc(ptr, layout) }
  }

  unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
    // A block handed out from the cache may already be large enough.
    if new_size <= usable(ptr) {
      return ptr;
    }
    unsafe { System.realloc(ptr, layout, new_size) }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn hands_a_freed_big_block_out_again_and_keeps_small_ones_out() {
    let layout = Layout::from_size_align(BIG * 2, 64).unwrap();
    unsafe {
      let first = BigBlocks.alloc(layout);
      first.write_bytes(7, layout.size());
      BigBlocks.dealloc(first, layout);
      let second = BigBlocks.alloc(Layout::from_size_align(BIG * 2 - 100, 64).unwrap());
      assert_eq!(first, second);
      assert_eq!(second as usize % 64, 0);
      // Grows in place while the block is large enough.
      let grown = BigBlocks.realloc(
        second,
        Layout::from_size_align(BIG * 2 - 100, 64).unwrap(),
        BIG * 2,
      );
      assert_eq!(grown, second);
      BigBlocks.dealloc(grown, layout);
      // A much smaller request does not take a block twice its size.
      let small = Layout::from_size_align(BIG / 2, 8).unwrap();
      let other = BigBlocks.alloc(small);
      assert_ne!(other, first);
      BigBlocks.dealloc(other, small);
    }
  }
}

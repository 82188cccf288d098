//! A small pool of stores over one database, for a server: `Send + Sync` and cheap to clone,
//! so it can be axum state and hand a store to each request (`tokio::task::spawn_blocking`).
//!
//! SQLite in WAL mode lets readers run while one connection writes; each connection waits
//! for the write lock (busy timeout) and begins its writes IMMEDIATE, so concurrent writers
//! queue instead of failing. Every handle is a full [`Store`]: what a request reads is one
//! committed state, never a half-written batch.

use crate::{DatabaseLocation, Result, Store, open};
use std::ops::{Deref, DerefMut};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

/// Stores over one database, handed out one per caller. Clones share the same stores.
#[derive(Clone)]
pub struct Pool {
    shared: Arc<Shared>,
}

struct Shared {
    idle: Mutex<Vec<Box<dyn Store>>>,
    returned: Condvar,
    size: usize,
}

/// Opens `size` stores (at least one) over the database at `location`, migrating it first.
pub fn open_pool(location: &DatabaseLocation, size: usize) -> Result<Pool> {
    let size = size.max(1);
    // One after the other: the first brings the schema up to date, the rest find it done.
    let stores = (0..size)
        .map(|_| open(location))
        .collect::<Result<Vec<_>>>()?;
    Ok(Pool {
        shared: Arc::new(Shared {
            idle: Mutex::new(stores),
            returned: Condvar::new(),
            size,
        }),
    })
}

impl Pool {
    /// A store for the caller's use, waiting for one to come back when all are out. It goes
    /// back to the pool when the handle is dropped.
    pub fn get(&self) -> PooledStore {
        let mut idle = self
            .shared
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        loop {
            if let Some(store) = idle.pop() {
                return PooledStore {
                    store: Some(store),
                    shared: Arc::clone(&self.shared),
                };
            }
            idle = self
                .shared
                .returned
                .wait(idle)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// How many stores the pool holds.
    pub fn size(&self) -> usize {
        self.shared.size
    }
}

/// One store taken from a [`Pool`]; use it as a `dyn Store`.
pub struct PooledStore {
    store: Option<Box<dyn Store>>,
    shared: Arc<Shared>,
}

impl Deref for PooledStore {
    type Target = dyn Store;
    fn deref(&self) -> &Self::Target {
        self.store.as_deref().expect("present until dropped")
    }
}

impl DerefMut for PooledStore {
    fn deref_mut(&mut self) -> &mut Self::Target {
        self.store.as_deref_mut().expect("present until dropped")
    }
}

impl Drop for PooledStore {
    fn drop(&mut self) {
        // Stores leave no transaction open, even when a caller panicked inside one
        // (`Store::in_transaction` rolls back first), so the store is clean for the next.
        if let Some(store) = self.store.take() {
            self.shared
                .idle
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(store);
            self.shared.returned.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_send_sync<T: Send + Sync + Clone + 'static>() {}
    fn is_send<T: Send + 'static>() {}

    #[test]
    fn the_pool_can_be_server_state_and_its_stores_can_move() {
        is_send_sync::<Pool>();
        is_send::<PooledStore>();
        is_send::<Box<dyn Store>>();
    }
}

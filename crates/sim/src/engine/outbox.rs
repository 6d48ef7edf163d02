//! The actor shape (Stateright's `Actor::on_msg(id, &mut state, src, msg, &mut Out)`):
//! a node's handler gets a read-only context, its own state, the sender and the message,
//! and writes what it wants done into an [`Outbox`]. It never touches the network, the
//! queue, the clock or another node: `Sim` carries the effects out, in order, after the
//! handler returns (`engine/route.rs`). ZooKeeper (`zk/handler.rs`) is the first node kind
//! written this way; the others follow with their own timer type `T`.

use crate::events::EventKind;
use crate::ids::{NodeId, TimeMs};
use crate::net::msg::{Msg, PartIdx};

/// One thing a handler asks `Sim` to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect<T> {
    /// Send `msg` from this node to `to` over the network (latency, loss, cuts apply).
    Send { to: NodeId, msg: Msg },
    /// Fire `timer` on this node `after` ms from now. A timer is never cancelled: the
    /// handler ignores one that no longer applies (its session or incarnation is gone).
    SetTimer { after: TimeMs, timer: T },
    /// Record a structured event (the event log and the trace hash).
    Emit(EventKind),
    /// A partition's shared state changed: the invariant check looks at it after this step.
    PartitionChanged(PartIdx),
}

/// The effects one handler call produced, in the order it asked for them.
#[derive(Clone, Debug, PartialEq)]
pub struct Outbox<T> {
    effects: Vec<Effect<T>>,
}

impl<T> Default for Outbox<T> {
    fn default() -> Self {
        Outbox {
            effects: Vec::new(),
        }
    }
}

impl<T> Outbox<T> {
    /// Asks to send `msg` to `to`.
    pub fn send(&mut self, to: NodeId, msg: Msg) {
        self.effects.push(Effect::Send { to, msg });
    }

    /// Asks for `timer` to fire `after` ms from now.
    pub fn set_timer(&mut self, after: TimeMs, timer: T) {
        self.effects.push(Effect::SetTimer { after, timer });
    }

    /// Asks to record `kind` in the event log.
    pub fn emit(&mut self, kind: EventKind) {
        self.effects.push(Effect::Emit(kind));
    }

    /// Marks partition `p` for the invariant check.
    pub fn partition_changed(&mut self, p: PartIdx) {
        self.effects.push(Effect::PartitionChanged(p));
    }

    /// The effects, in order (what tests assert on).
    pub fn effects(&self) -> &[Effect<T>] {
        &self.effects
    }

    /// Takes the effects out, in order (what `Sim` routes).
    pub fn into_effects(self) -> Vec<Effect<T>> {
        self.effects
    }
}

//! ZooKeeper's handlers alone: a message in, the outbox out, no `Sim`.

use super::handler::ZkOutbox;
use super::{PartitionWrite, PartitionZnode, WriteOutcome, ZkCtx, ZkNode, ZkTimer};
use crate::engine::outbox::Effect;
use crate::events::EventKind;
use crate::ids::NodeId;
use crate::net::msg::Msg;

const BROKERS: [u32; 3] = [1, 2, 3];

fn ctx(now: u64) -> ZkCtx<'static> {
    ZkCtx {
        now,
        session_timeout_ms: 6000,
        brokers: &BROKERS,
    }
}

fn handle(zk: &mut ZkNode, now: u64, from: u32, msg: Msg) -> ZkOutbox {
    let mut out = ZkOutbox::default();
    zk.on_message(&ctx(now), NodeId::Broker(from), msg, &mut out);
    out
}

/// Brokers 1..3 registered (sessions 1..3) and broker 1 the controller.
fn cluster() -> ZkNode {
    let mut zk = ZkNode::new(3, vec![vec![1, 2, 3]]);
    for b in BROKERS {
        handle(&mut zk, 0, b, Msg::ZkRegister);
    }
    handle(&mut zk, 0, 1, Msg::ZkCreateController { session: 1 });
    let z = &mut zk.partitions[0];
    (z.created, z.leader, z.leader_epoch, z.isr) = (true, Some(2), 3, vec![1, 2, 3]);
    z.version = 7;
    zk
}

#[test]
fn register_opens_a_session_sets_its_check_and_fires_the_controller_watch() {
    let mut zk = cluster();
    zk.sessions[2] = None;
    let out = handle(&mut zk, 100, 3, Msg::ZkRegister);
    assert_eq!(
        out.effects(),
        &[
            Effect::SetTimer {
                after: 6000,
                timer: ZkTimer::SessionCheck { b: 2, session: 4 }
            },
            Effect::Emit(EventKind::BrokerRegistered { broker: 3 }),
            Effect::Send {
                to: NodeId::Broker(3),
                msg: Msg::ZkRegistered { session: 4 }
            },
            Effect::Send {
                to: NodeId::Broker(1),
                msg: Msg::ZkBrokerChange {
                    brokers: vec![(1, 1), (2, 2), (3, 4)]
                }
            },
        ]
    );
}

/// KafkaZkClient.checkedEphemeralCreate: `/brokers/ids/N` of a live session is NodeExists.
#[test]
fn register_while_the_old_session_lives_is_node_exists() {
    let mut zk = cluster();
    let out = handle(&mut zk, 100, 2, Msg::ZkRegister);
    let nodes_exists = Effect::Send {
        to: NodeId::Broker(2),
        msg: Msg::ZkNodeExists,
    };
    assert_eq!(out.effects(), &[nodes_exists]);
    assert_eq!(zk.sessions[1].map(|s| s.id), Some(2));
}

/// Leader 2's ISR write of [2] at leader epoch 3, expecting zkVersion `zk_version`.
fn alter_isr(zk_version: u32) -> Msg {
    Msg::ZkAlterIsr {
        part: 0,
        epoch: 3,
        isr: vec![2],
        zk_version,
    }
}

/// A conditional setData with a zkVersion the znode has moved past fails (BADVERSION):
/// the tree is unchanged and nobody is told of an ISR change.
#[test]
fn conditional_isr_write_with_a_stale_zk_version_is_bad_version() {
    let mut zk = cluster();
    let before = zk.partitions[0].clone();
    let out = handle(&mut zk, 100, 2, alter_isr(6));
    let bad_version = Msg::ZkAlterIsrResult {
        part: 0,
        epoch: 3,
        isr: vec![2],
        new_version: None,
    };
    assert_eq!(
        out.effects(),
        &[Effect::Send {
            to: NodeId::Broker(2),
            msg: bad_version
        }]
    );
    assert_eq!(zk.partitions[0], before);
}

#[test]
fn conditional_isr_write_at_the_current_zk_version_succeeds_and_notifies_the_controller() {
    let mut zk = cluster();
    let out = handle(&mut zk, 100, 2, alter_isr(7));
    assert_eq!(zk.partitions[0].isr, vec![2]);
    assert_eq!(zk.partitions[0].version, 8);
    let sent: Vec<_> = out
        .effects()
        .iter()
        .filter_map(|e| match e {
            Effect::Send { to, msg } => Some((*to, msg.clone())),
            _ => None,
        })
        .collect();
    let state = zk.partitions[0].clone();
    assert!(sent.contains(&(NodeId::Broker(1), Msg::ZkIsrChange { part: 0, state })));
}

/// The session check expires a silent session: its ephemeral `/controller` goes, and every
/// other registered broker's watch fires.
#[test]
fn silent_controller_session_expires_and_the_controller_watch_fires() {
    let mut zk = cluster();
    handle(&mut zk, 5000, 2, Msg::ZkPing { session: 2 });
    handle(&mut zk, 5000, 3, Msg::ZkPing { session: 3 });
    let mut out = ZkOutbox::default();
    let check = ZkTimer::SessionCheck { b: 0, session: 1 };
    zk.on_timer(&ctx(6000), check, &mut out);
    assert_eq!(zk.controller, None);
    assert!(!zk.registered(0));
    let effects = out.effects();
    assert_eq!(
        effects[0],
        Effect::Emit(EventKind::SessionExpired { broker: 1 })
    );
    for b in [2, 3] {
        assert!(effects.contains(&Effect::Send {
            to: NodeId::Broker(b),
            msg: Msg::ZkControllerGone
        }));
    }
    let mut later = ZkOutbox::default();
    let check = ZkTimer::SessionCheck { b: 1, session: 2 };
    zk.on_timer(&ctx(6000), check, &mut later);
    assert_eq!(
        later.effects(),
        &[Effect::SetTimer {
            after: 5000,
            timer: check
        }],
        "a session heard at 5000 is checked again at 11000"
    );
}

/// The controller's write of partition 0 expecting zkVersion `version`, leader 3.
fn controller_write(version: u32, epoch_zk_version: Option<u32>) -> Msg {
    let state = PartitionZnode {
        created: true,
        leader: Some(3),
        leader_epoch: 4,
        isr: vec![1, 3],
        controller_epoch: 1,
        version,
    };
    let writes = vec![PartitionWrite {
        part: 0,
        state,
        assignment: None,
    }];
    Msg::ZkSetPartitionState {
        req: 9,
        epoch_zk_version,
        writes,
    }
}

/// The one message ZooKeeper sent back to broker 1 and what else it asked for.
fn answer_to_1(out: &ZkOutbox) -> (Msg, usize) {
    let sent: Vec<&Msg> = (out.effects().iter())
        .filter_map(|e| match e {
            Effect::Send {
                to: NodeId::Broker(1),
                msg,
            } => Some(msg),
            _ => None,
        })
        .collect();
    assert_eq!(sent.len(), 1, "{:?}", out.effects());
    (sent[0].clone(), out.effects().len())
}

/// `KafkaZkClient.updateLeaderAndIsr`: the controller's conditional setData with a zkVersion
/// the znode has moved past (a leader's ISR write came first) is BADVERSION, answered with
/// the state ZooKeeper holds, and writes nothing.
#[test]
fn controller_write_with_a_stale_zk_version_is_bad_version_with_the_current_state() {
    let mut zk = cluster();
    let before = zk.partitions[0].clone();
    let out = handle(&mut zk, 100, 1, controller_write(6, None));
    let bad = WriteOutcome::Done(vec![(0, Err(before.clone()))]);
    let expected = Msg::ZkSetPartitionStateResult {
        req: 9,
        outcome: bad,
    };
    assert_eq!(
        answer_to_1(&out),
        (expected, 1),
        "an answer and nothing else"
    );
    assert_eq!(zk.partitions[0], before);
}

#[test]
fn controller_write_at_the_current_zk_version_bumps_it_and_marks_the_partition() {
    let mut zk = cluster();
    let out = handle(&mut zk, 100, 1, controller_write(7, Some(1)));
    assert_eq!(
        out.effects()[0],
        Effect::PartitionChanged(0),
        "the invariant check looks at it"
    );
    let ok = WriteOutcome::Done(vec![(0, Ok(8))]);
    let expected = Msg::ZkSetPartitionStateResult {
        req: 9,
        outcome: ok,
    };
    assert_eq!(answer_to_1(&out).0, expected);
    assert_eq!(
        (zk.partitions[0].leader, zk.partitions[0].version),
        (Some(3), 8)
    );
}

/// KAFKA-6082 (2.1): the write is a `MultiRequest` with a `CheckOp` on `/controller_epoch`'s
/// zkVersion. After another election it fails as a whole (ControllerMovedException), even
/// where the partition's own zkVersion matches; without the check (before 2.1) it succeeds.
#[test]
fn controller_write_checked_on_an_old_controller_epoch_version_is_controller_moved() {
    let mut zk = cluster();
    zk.controller = None;
    handle(&mut zk, 100, 2, Msg::ZkCreateController { session: 2 });
    assert_eq!((zk.controller_epoch, zk.controller_epoch_version), (2, 2));
    let before = zk.partitions[0].clone();
    let out = handle(&mut zk, 200, 1, controller_write(7, Some(1)));
    let moved = Msg::ZkSetPartitionStateResult {
        req: 9,
        outcome: WriteOutcome::ControllerMoved,
    };
    assert_eq!(answer_to_1(&out), (moved, 1));
    assert_eq!(zk.partitions[0], before);
    let out = handle(&mut zk, 300, 1, controller_write(7, None));
    let ok = WriteOutcome::Done(vec![(0, Ok(8))]);
    let expected = Msg::ZkSetPartitionStateResult {
        req: 9,
        outcome: ok,
    };
    assert_eq!(
        answer_to_1(&out).0,
        expected,
        "before 2.1 a deposed controller still writes"
    );
}

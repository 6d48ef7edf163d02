//! The controller's request channels (Kafka's `ControllerChannelManager`, ZooKeeper mode).
//!
//! Kafka keeps one `RequestSendThread` per live broker. It takes the next request
//! (LeaderAndIsr, UpdateMetadata, StopReplica) from that broker's queue, sends it, and
//! blocks until the response comes; when the connection breaks or no response comes within
//! `request.timeout.ms` it closes the connection and sends the same request again, until the
//! broker is removed from the live set (`removeBroker`) or the controller resigns
//! (`shutdown`). A request to a broker that has no channel is not sent ("since it is
//! offline"). So the requests to one broker arrive one at a time and in order: jitter can
//! never let an older LeaderAndIsr overtake a newer StopReplica.

use crate::broker::BrokerTimer;
use crate::ids::{BrokerId, NodeId};
use crate::net::msg::Msg;
use crate::sim::Sim;
use std::collections::VecDeque;

/// The controller's NetworkClient times a request out after the broker's
/// `request.timeout.ms` (30 000 ms by default); the same request is then sent again.
pub const CONTROLLER_REQUEST_TIMEOUT_MS: u64 = 30_000;

/// One destination broker's queue and the request in flight to it.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestChannel {
    /// The destination broker.
    pub broker: BrokerId,
    /// Requests not sent yet, oldest first.
    pub queue: VecDeque<Msg>,
    /// The request sent and not answered yet: its network id and a copy to send again.
    pub in_flight: Option<(u64, Msg)>,
}

impl Sim {
    /// Queues a controller request for broker `to` and sends it when its channel is free.
    /// A broker outside controller `c`'s live set has no channel: nothing is sent.
    pub(crate) fn controller_send(&mut self, c: usize, to: BrokerId, msg: Msg) {
        let Some(ctx) = self.brokers[c].controller.as_mut() else {
            return;
        };
        if !ctx.live.contains(&to) {
            return;
        }
        match ctx.channels.iter_mut().find(|ch| ch.broker == to) {
            Some(ch) => ch.queue.push_back(msg),
            None => ctx.channels.push(RequestChannel {
                broker: to,
                queue: VecDeque::from([msg]),
                in_flight: None,
            }),
        }
        self.pump_channel(c, to);
    }

    /// Sends the next queued request to `to` if none is in flight.
    fn pump_channel(&mut self, c: usize, to: BrokerId) {
        let Some(ch) = self.channel_mut(c, to) else {
            return;
        };
        if ch.in_flight.is_some() {
            return;
        }
        let Some(msg) = ch.queue.pop_front() else {
            return;
        };
        self.send_on_channel(c, to, msg);
    }

    fn send_on_channel(&mut self, c: usize, to: BrokerId, msg: Msg) {
        let me = NodeId::Broker(self.brokers[c].id);
        let id = self.send(me, NodeId::Broker(to), msg.clone());
        if let Some(ch) = self.channel_mut(c, to) {
            ch.in_flight = Some((id, msg));
        }
        self.broker_timer(
            c,
            CONTROLLER_REQUEST_TIMEOUT_MS,
            BrokerTimer::ControllerRequestTimeout {
                broker: to,
                req: id,
            },
        );
    }

    fn channel_mut(&mut self, c: usize, to: BrokerId) -> Option<&mut RequestChannel> {
        self.brokers[c]
            .controller
            .as_mut()?
            .channels
            .iter_mut()
            .find(|ch| ch.broker == to)
    }

    /// Broker `from` answered request `req`: the channel sends its next request.
    pub(crate) fn controller_request_answered(&mut self, c: usize, from: BrokerId, req: u64) {
        let Some(ch) = self.channel_mut(c, from) else {
            return;
        };
        if ch.in_flight.as_ref().is_none_or(|(id, _)| *id != req) {
            return;
        }
        let answered = ch.in_flight.take();
        self.pump_channel(c, from);
        if let Some((
            _,
            Msg::StopReplica {
                part, delete: true, ..
            },
        )) = answered
        {
            self.replica_deletion_done(c, from, part);
        }
    }

    /// Request `req` to `to` got no answer in time: the connection is closed (what of the
    /// request is still on its way is lost, so it can never arrive after the requests that
    /// follow it) and the same request is sent again.
    pub(crate) fn controller_request_timed_out(&mut self, c: usize, to: BrokerId, req: u64) {
        let Some(ch) = self.channel_mut(c, to) else {
            return;
        };
        match ch.in_flight.take() {
            Some((id, msg)) if id == req => {
                self.drop_timed_out(id);
                self.send_on_channel(c, to, msg)
            }
            other => ch.in_flight = other,
        }
    }

    /// `removeBroker`: the channels to `dead` close, their queued requests are dropped.
    pub(crate) fn remove_channels(&mut self, c: usize, dead: &[BrokerId]) {
        if let Some(ctx) = self.brokers[c].controller.as_mut() {
            ctx.channels.retain(|ch| !dead.contains(&ch.broker));
        }
    }
}

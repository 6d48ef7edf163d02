//! Replica fetching: a follower broker runs one fetcher per leader broker and one
//! Fetch carries every partition it follows from that leader. The leader records the
//! follower's fetch state, answers with records up to its LEO and its HW, or parks the
//! request until data arrives or `replica.fetch.wait.max.ms` passes (long poll).

use super::log::RecordData;
use super::replica::{whole_batches, Role};
use super::{BrokerTimer, DelayedFetch};
use crate::client::coordinator::INTERNAL;
use crate::config::{Protocol, TruncationRule};
use crate::events::KafkaError;
use crate::ids::{BrokerId, NodeId, Offset};
use crate::net::msg::{FetchPart, FetchRespPart, Msg, PartIdx};
use crate::sim::{Pools, Sim};

/// Kafka's `replica.socket.timeout.ms` default: a fetch with no answer is retried after it.
const REPLICA_SOCKET_TIMEOUT_MS: u64 = 30_000;

impl Sim {
    /// Sends the next Fetch from broker `b` to leader broker index `l`, if idle and it follows anything there.
    pub(crate) fn maybe_fetch(&mut self, b: usize, l: usize) {
        let br = &self.brokers[b];
        if br.status != crate::broker::BrokerStatus::Running
            && br.status != crate::broker::BrokerStatus::ShuttingDown
        {
            return;
        }
        let f = &br.fetchers[l];
        if f.in_flight.is_some() || f.backoff {
            return;
        }
        let leader = self.brokers[l].id;
        let mut parts = self.pools.fetch_parts.pop().unwrap_or_default();
        for (p, r) in br.replicas.iter().enumerate() {
            let Some(r) = r else { continue };
            if let Role::Follower(fs) = &r.role {
                if fs.leader == leader && !fs.truncating {
                    parts.push(FetchPart {
                        part: p as u32,
                        offset: r.log.leo(),
                        epoch: r.epoch.unwrap_or(0),
                    });
                }
            }
        }
        if parts.is_empty() {
            Pools::give(&mut self.pools.fetch_parts, parts);
            return;
        }
        let me = br.id;
        let id = self.send(
            NodeId::Broker(me),
            NodeId::Broker(leader),
            Msg::Fetch { replica: me, parts },
        );
        let f = &mut self.brokers[b].fetchers[l];
        f.in_flight = Some(id);
        f.sent_at = self.now;
        if !f.timeout_armed {
            f.timeout_armed = true;
            self.broker_timer(
                b,
                REPLICA_SOCKET_TIMEOUT_MS,
                BrokerTimer::FetchTimeout { leader },
            );
        }
    }

    /// The fetcher's timeout check: retry a fetch unanswered for `replica.socket.timeout.ms`, else re-arm.
    pub(crate) fn fetch_timeout_check(&mut self, b: usize, l: usize) {
        let now = self.now;
        let f = &mut self.brokers[b].fetchers[l];
        f.timeout_armed = false;
        if f.in_flight.is_none() {
            return;
        }
        let deadline = f.sent_at + REPLICA_SOCKET_TIMEOUT_MS;
        if now >= deadline {
            f.in_flight = None;
            self.maybe_fetch(b, l);
        } else {
            f.timeout_armed = true;
            let leader = self.brokers[l].id;
            self.broker_timer(b, deadline - now, BrokerTimer::FetchTimeout { leader });
        }
    }

    /// Leader `b` receives a Fetch from follower `replica`.
    pub(crate) fn handle_fetch(
        &mut self,
        b: usize,
        req: u64,
        replica: BrokerId,
        parts: Vec<FetchPart>,
    ) {
        let mut ready = false;
        let check_epoch = self.cfg.truncation == TruncationRule::LeaderEpochWalkBack;
        for fp in &parts {
            let r = self.brokers[b].replicas[fp.part as usize].as_ref();
            let fenced = check_epoch && r.is_some_and(|r| r.epoch != Some(fp.epoch));
            match r.and_then(|r| r.leader().map(|_| r.log.leo())) {
                _ if fenced => ready = true,
                None => ready = true,
                Some(leo) => {
                    if fp.offset != leo {
                        ready = true;
                    }
                    if fp.offset <= leo {
                        self.follower_fetched(b, fp.part, replica, fp.offset);
                    }
                }
            }
        }
        let wait = self.cfg.replica_fetch_wait_max_ms;
        if ready || wait == 0 {
            self.respond_fetch(b, req, replica, &parts);
            Pools::give(&mut self.pools.fetch_parts, parts);
        } else {
            self.brokers[b].delayed_fetch.push(DelayedFetch {
                req,
                follower: replica,
                parts,
            });
            self.broker_timer(b, wait, BrokerTimer::DelayedFetchExpire { req });
        }
    }

    /// Answers a delayed fetch (expiry or new data).
    pub(crate) fn complete_delayed_fetch(&mut self, b: usize, req: u64) {
        let Some(i) = self.brokers[b]
            .delayed_fetch
            .iter()
            .position(|d| d.req == req)
        else {
            return;
        };
        let d = self.brokers[b].delayed_fetch.swap_remove(i);
        self.respond_fetch(b, d.req, d.follower, &d.parts);
        Pools::give(&mut self.pools.fetch_parts, d.parts);
    }

    /// New data on `p` at leader `b`: answer the parked fetches that wait for it.
    pub(crate) fn wake_delayed_fetches(&mut self, b: usize, p: PartIdx) {
        let mut i = 0;
        while i < self.brokers[b].delayed_fetch.len() {
            let d = &self.brokers[b].delayed_fetch[i];
            let has = d.parts.iter().any(|fp| fp.part == p);
            if has {
                let d = self.brokers[b].delayed_fetch.swap_remove(i);
                self.respond_fetch(b, d.req, d.follower, &d.parts);
                Pools::give(&mut self.pools.fetch_parts, d.parts);
            } else {
                i += 1;
            }
        }
    }

    fn respond_fetch(&mut self, b: usize, req: u64, follower: BrokerId, parts: &[FetchPart]) {
        let max = self.cfg.replica_fetch_max_records;
        let check_epoch = self.cfg.truncation == TruncationRule::LeaderEpochWalkBack;
        let mut out = self.pools.resp_parts.pop().unwrap_or_default();
        let mut records = self.pools.records.pop().unwrap_or_default();
        for fp in parts {
            let r = self.brokers[b].replicas[fp.part as usize].as_ref();
            let from = records.len() as u32;
            let (log_start, log_start_chain) = r.map_or((0, 0), |r| {
                (r.log.log_start(), r.log.chain_at(r.log.log_start()))
            });
            let (error, hw, leo) = match r {
                // KIP-320: a fetch from another leader epoch is fenced (2.1+; 2.0 preset and later here).
                Some(r) if r.leader().is_some() && check_epoch && r.epoch != Some(fp.epoch) => {
                    (Some(KafkaError::FENCED_LEADER_EPOCH), r.log.hw, r.log.leo())
                }
                Some(r) if r.leader().is_some() => {
                    let leo = r.log.leo();
                    // Past the LEO, or below the log start offset (deleted by retention).
                    if fp.offset > leo || fp.offset < log_start {
                        (Some(KafkaError::OFFSET_OUT_OF_RANGE), r.log.hw, leo)
                    } else {
                        // Up to `replica.fetch.max.bytes` (records here), the last batch
                        // possibly cut short; the first batch always whole (KIP-74).
                        let end = leo
                            .min(fp.offset + max)
                            .max(r.log.batch_end_after(fp.offset));
                        records.extend(r.log.range(fp.offset, end).map(|x| x.data()));
                        (None, r.log.hw, leo)
                    }
                }
                _ => (Some(KafkaError::NOT_LEADER_OR_FOLLOWER), 0, 0),
            };
            out.push(FetchRespPart {
                part: fp.part,
                error,
                hw,
                leo,
                log_start,
                log_start_chain,
                fetch_offset: fp.offset,
                from,
                to: records.len() as u32,
            });
        }
        let me = self.brokers[b].id;
        self.send(
            NodeId::Broker(me),
            NodeId::Broker(follower),
            Msg::FetchResponse {
                req,
                parts: out,
                records,
            },
        );
    }

    /// Follower `b` receives a Fetch response from `from`.
    pub(crate) fn handle_fetch_response(
        &mut self,
        b: usize,
        from: NodeId,
        req: u64,
        parts: Vec<FetchRespPart>,
        records: Vec<RecordData>,
    ) {
        let NodeId::Broker(leader) = from else { return };
        let Some(l) = self.bidx(leader) else { return };
        if self.brokers[b].fetchers[l].in_flight != Some(req) {
            return;
        }
        self.brokers[b].fetchers[l].in_flight = None;
        let mut failed = false;
        let me = self.brokers[b].id;
        for rp in &parts {
            let p = rp.part;
            let Some(r) = self.brokers[b].replicas[p as usize].as_mut() else {
                continue;
            };
            if !matches!(&r.role, Role::Follower(f) if f.leader == leader && !f.truncating) {
                continue;
            }
            match rp.error {
                Some(KafkaError::OFFSET_OUT_OF_RANGE) => {
                    // AbstractFetcherThread.handleOutOfRangeError: the leader's log is
                    // shorter (unclean election): truncate to the leader's LEO; or the
                    // fetch offset is below the leader's log start offset (retention
                    // deleted it): truncateFullyAndStartAt the leader's log start offset.
                    if r.log.leo() > rp.leo {
                        self.truncate(b, p, rp.leo, TruncationRule::HighWatermark);
                    } else if r.log.leo() < rp.log_start {
                        let (start, chain) = (rp.log_start, rp.log_start_chain);
                        self.restart_at_leader_log_start(b, p, leader, start, chain);
                    }
                    continue;
                }
                Some(_) => {
                    failed = true;
                    continue;
                }
                None => {}
            }
            if rp.fetch_offset != r.log.leo() {
                continue;
            }
            let now = self.now;
            let fetched = &records[rp.from as usize..rp.to as usize];
            let whole = &fetched[..whole_batches(fetched)];
            r.append_batches(whole, now);
            for rd in whole.iter().filter(|rd| rd.msg & INTERNAL == 0) {
                self.ledger.appended(rd.msg, b, me, now);
            }
            let new_hw = rp.hw.min(r.log.leo());
            if new_hw > r.log.hw {
                r.log.hw = new_hw;
            }
            if self.cfg.protocol >= Protocol::V0_11 && rp.log_start > r.log.log_start() {
                self.follow_leader_log_start(b, p, rp.log_start);
            }
            self.maybe_flush_by_count(b, p);
            self.touch(p);
        }
        Pools::give(&mut self.pools.resp_parts, parts);
        Pools::give(&mut self.pools.records, records);
        if failed {
            self.brokers[b].fetchers[l].backoff = true;
            self.broker_timer(
                b,
                self.cfg.replica_fetch_backoff_ms.max(1),
                BrokerTimer::FetchBackoff { leader },
            );
        } else {
            self.maybe_fetch(b, l);
        }
    }

    /// `flush.messages`: fsync once this many records are unflushed.
    pub(crate) fn maybe_flush_by_count(&mut self, b: usize, p: PartIdx) {
        let Some(n) = self.topics[self.parts[p as usize].topic as usize]
            .cfg
            .flush_messages
        else {
            return;
        };
        if let Some(r) = self.brokers[b].replicas[p as usize].as_mut() {
            if r.log.leo() - r.log.flushed >= n {
                r.log.flush();
            }
        }
    }

    /// A consumer fetch: records below the leader's HW only; or, for a consumer with a
    /// `client.rack`, a preferred read replica from the leader and records below its own
    /// HW from a follower (KIP-392, `follower_fetch.rs`).
    pub(crate) fn handle_consumer_fetch(
        &mut self,
        b: usize,
        from: NodeId,
        p: PartIdx,
        offset: Offset,
    ) {
        let preferred = self.preferred_read_replica(b, p, from, offset);
        let with_rack = self.fetch_rack(from).is_some();
        let r = self.brokers[b].replicas[p as usize].as_ref();
        let (log_start, high_watermark) = r.map_or((0, 0), |r| (r.log.log_start(), r.log.hw));
        let (msgs, error) = match r {
            _ if preferred.is_some() => (Vec::new(), None),
            Some(r) if r.leader().is_some() => {
                if offset > r.log.hw || offset < log_start {
                    (Vec::new(), Some(KafkaError::OFFSET_OUT_OF_RANGE))
                } else {
                    let end = r.log.hw.min(offset + 500);
                    (r.log.range(offset, end).map(|x| x.msg).collect(), None)
                }
            }
            // A follower serves up to its own HW; past its LEO the offset is out of range.
            Some(r) if with_rack => {
                if offset > r.log.leo() || offset < log_start {
                    (Vec::new(), Some(KafkaError::OFFSET_OUT_OF_RANGE))
                } else {
                    let end = r.log.hw.min(offset + 500).max(offset);
                    (r.log.range(offset, end).map(|x| x.msg).collect(), None)
                }
            }
            _ => (Vec::new(), Some(KafkaError::NOT_LEADER_OR_FOLLOWER)),
        };
        let me = NodeId::Broker(self.brokers[b].id);
        self.send(
            me,
            from,
            Msg::ConsumerFetchResponse {
                part: p,
                offset,
                msgs,
                error,
                log_start,
                high_watermark,
                preferred_read_replica: preferred,
            },
        );
    }
}

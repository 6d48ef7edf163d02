//! The metrics the lab reports, each under the MBean name a Kafka broker registers it with
//! (Kafka's documentation, "Operations › Monitoring", e.g. kafka.apache.org/22/operations/monitoring
//! and the 3.x pages; KIP-427 for the min-ISR gauges).

use serde::Serialize;

/// One charted metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum MetricId {
    /// Partitions this broker leads whose ISR is smaller than the replica set.
    UnderReplicatedPartitions,
    /// Partitions this broker leads whose ISR is below `min.insync.replicas`.
    UnderMinIsrPartitionCount,
    /// Partitions this broker leads whose ISR is exactly `min.insync.replicas`.
    AtMinIsrPartitionCount,
    /// Partitions without a live leader, reported by the active controller.
    OfflinePartitionsCount,
    /// 1 on the broker that is the active controller.
    ActiveControllerCount,
    /// ISR shrinks made by this broker as leader (a Meter).
    IsrShrinksPerSec,
    /// ISR expansions made by this broker as leader (a Meter).
    IsrExpandsPerSec,
    /// Unclean leader elections made by the controller (a Meter).
    UncleanLeaderElectionsPerSec,
    /// The largest lag of this broker's follower replicas.
    MaxLag,
    /// Produce requests that failed (a Meter).
    FailedProduceRequestsPerSec,
    /// Produce requests answered (a Meter).
    ProduceRequestsPerSec,
    /// Consumer groups' lag, the LAG column of `kafka-consumer-groups.sh`, summed.
    ConsumerGroupLag,
}

impl MetricId {
    /// Every metric, in the order the lab lists them.
    pub const ALL: [MetricId; 12] = [
        MetricId::UnderReplicatedPartitions,
        MetricId::UnderMinIsrPartitionCount,
        MetricId::AtMinIsrPartitionCount,
        MetricId::OfflinePartitionsCount,
        MetricId::ActiveControllerCount,
        MetricId::IsrShrinksPerSec,
        MetricId::IsrExpandsPerSec,
        MetricId::UncleanLeaderElectionsPerSec,
        MetricId::MaxLag,
        MetricId::FailedProduceRequestsPerSec,
        MetricId::ProduceRequestsPerSec,
        MetricId::ConsumerGroupLag,
    ];

    /// The MBean name Kafka registers it under (a broker-side name; consumer group lag
    /// has none: it is what `kafka-consumer-groups.sh --describe` computes).
    pub fn mbean(self) -> &'static str {
        use MetricId::*;
        match self {
            UnderReplicatedPartitions => {
                "kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions"
            }
            UnderMinIsrPartitionCount => {
                "kafka.server:type=ReplicaManager,name=UnderMinIsrPartitionCount"
            }
            AtMinIsrPartitionCount => {
                "kafka.server:type=ReplicaManager,name=AtMinIsrPartitionCount"
            }
            OfflinePartitionsCount => {
                "kafka.controller:type=KafkaController,name=OfflinePartitionsCount"
            }
            ActiveControllerCount => {
                "kafka.controller:type=KafkaController,name=ActiveControllerCount"
            }
            IsrShrinksPerSec => "kafka.server:type=ReplicaManager,name=IsrShrinksPerSec",
            IsrExpandsPerSec => "kafka.server:type=ReplicaManager,name=IsrExpandsPerSec",
            UncleanLeaderElectionsPerSec => {
                "kafka.controller:type=ControllerStats,name=UncleanLeaderElectionsPerSec"
            }
            MaxLag => "kafka.server:type=ReplicaFetcherManager,name=MaxLag,clientId=Replica",
            FailedProduceRequestsPerSec => {
                "kafka.server:type=BrokerTopicMetrics,name=FailedProduceRequestsPerSec"
            }
            ProduceRequestsPerSec => {
                "kafka.network:type=RequestMetrics,name=RequestsPerSec,request=Produce"
            }
            ConsumerGroupLag => "kafka-consumer-groups.sh --describe: LAG",
        }
    }

    /// The short name (the MBean's `name=`), as charts and CSV headers write it.
    pub fn name(self) -> &'static str {
        use MetricId::*;
        match self {
            UnderReplicatedPartitions => "UnderReplicatedPartitions",
            UnderMinIsrPartitionCount => "UnderMinIsrPartitionCount",
            AtMinIsrPartitionCount => "AtMinIsrPartitionCount",
            OfflinePartitionsCount => "OfflinePartitionsCount",
            ActiveControllerCount => "ActiveControllerCount",
            IsrShrinksPerSec => "IsrShrinksPerSec",
            IsrExpandsPerSec => "IsrExpandsPerSec",
            UncleanLeaderElectionsPerSec => "UncleanLeaderElectionsPerSec",
            MaxLag => "MaxLag",
            FailedProduceRequestsPerSec => "FailedProduceRequestsPerSec",
            ProduceRequestsPerSec => "ProduceRequestsPerSec",
            ConsumerGroupLag => "ConsumerGroupLag",
        }
    }

    /// Whether it is a Meter (a count and a one-minute rate) rather than a gauge.
    pub fn is_meter(self) -> bool {
        use MetricId::*;
        matches!(
            self,
            IsrShrinksPerSec
                | IsrExpandsPerSec
                | UncleanLeaderElectionsPerSec
                | FailedProduceRequestsPerSec
                | ProduceRequestsPerSec
        )
    }

    /// Whether brokers report it one by one (the others are cluster-wide only here).
    pub fn per_broker(self) -> bool {
        use MetricId::*;
        !matches!(
            self,
            UncleanLeaderElectionsPerSec
                | FailedProduceRequestsPerSec
                | ProduceRequestsPerSec
                | ConsumerGroupLag
        )
    }
}

/// The MBean of the produce error rate for one error code.
pub fn produce_errors_mbean(error: &str) -> String {
    format!("kafka.network:type=RequestMetrics,name=ErrorsPerSec,request=Produce,error={error}")
}

/// The MBean of one follower replica's lag (`FetcherLagMetrics`, tagged by its fetcher
/// thread, which is named after the leader it fetches from).
pub fn follower_lag_mbean(leader: u32, topic: &str, partition: u32) -> String {
    format!(
        "kafka.server:type=FetcherLagMetrics,name=ConsumerLag,clientId=ReplicaFetcherThread-0-{leader},topic={topic},partition={partition}"
    )
}

// The peer of the Raft core's ClusterBenchmark: etcd's raft (the design our core follows), driven
// the same way — a three-node group in memory, one goroutine, propose at the leader, then handle
// Readys (persist into MemoryStorage, route messages, apply, advance) until the proposals are
// applied at the leader. Same payload (16 bytes), same limits (1 MiB per message, 256 messages in
// flight), CheckQuorum and PreVote on, the same compaction (keep 1,024 entries past 2,048).
//
// Prints one line per case: name, committed proposals per second, bytes and allocations per
// committed proposal.
package main

import (
	"flag"
	"fmt"
	"os"
	"testing"

	"go.etcd.io/etcd/raft"
	pb "go.etcd.io/etcd/raft/raftpb"
)

const keepEntries = 1024

type cluster struct {
	nodes    [3]*raft.RawNode
	storages [3]*raft.MemoryStorage
	inboxes  [3][]pb.Message
	conf     pb.ConfState
	payload  []byte
	// What each node applied, from the committed entries of its Readys, as a store's apply loop would track it.
	applied       [3]uint64
	leaderApplied uint64
	// The index of the last proposal: the log holds no other entries once the group has a leader.
	lastProposed uint64
}

func newCluster() *cluster {
	c := &cluster{conf: pb.ConfState{Voters: []uint64{1, 2, 3}}, payload: make([]byte, 16)}
	for i := 0; i < 3; i++ {
		s := raft.NewMemoryStorage()
		// The same starting point as the Java benchmark's storage: an empty log whose configuration
		// holds the three voters.
		if err := s.ApplySnapshot(pb.Snapshot{Metadata: pb.SnapshotMetadata{ConfState: c.conf, Index: 1, Term: 1}}); err != nil {
			panic(err)
		}
		n, err := raft.NewRawNode(&raft.Config{
			ID: uint64(i + 1), ElectionTick: 10, HeartbeatTick: 2, Storage: s,
			MaxSizePerMsg: 1 << 20, MaxCommittedSizePerReady: 16 << 20, MaxUncommittedEntriesSize: 64 << 20,
			MaxInflightMsgs: 256, CheckQuorum: true, PreVote: true, Logger: quiet{},
		})
		if err != nil {
			panic(err)
		}
		c.storages[i], c.nodes[i] = s, n
	}
	if err := c.nodes[0].Campaign(); err != nil {
		panic(err)
	}
	c.pumpUntilApplied(2)
	if c.nodes[0].Status().RaftState != raft.StateLeader {
		panic("node 1 did not become leader")
	}
	c.lastProposed = c.leaderApplied
	return c
}

func (c *cluster) pumpUntilApplied(index uint64) {
	for c.appliedAtLeader() < index {
		for i := 0; i < 3; i++ {
			n := c.nodes[i]
			if n.HasReady() {
				rd := n.Ready()
				c.handle(i, rd)
				n.Advance(rd)
				c.compactIfLong(i)
			}
		}
		for i := 0; i < 3; i++ {
			inbox := c.inboxes[i]
			c.inboxes[i] = inbox[:0]
			for _, m := range inbox {
				if err := c.nodes[i].Step(m); err != nil {
					panic(err)
				}
			}
		}
	}
}

func (c *cluster) appliedAtLeader() uint64 { return c.leaderApplied }

func (c *cluster) handle(i int, rd raft.Ready) {
	s := c.storages[i]
	if !raft.IsEmptySnap(rd.Snapshot) {
		if err := s.ApplySnapshot(rd.Snapshot); err != nil {
			panic(err)
		}
	}
	if err := s.Append(rd.Entries); err != nil {
		panic(err)
	}
	if !raft.IsEmptyHardState(rd.HardState) {
		if err := s.SetHardState(rd.HardState); err != nil {
			panic(err)
		}
	}
	for _, m := range rd.Messages {
		c.inboxes[m.To-1] = append(c.inboxes[m.To-1], m)
	}
	if n := len(rd.CommittedEntries); n > 0 {
		last := rd.CommittedEntries[n-1].Index
		c.applied[i] = last
		if i == 0 {
			c.leaderApplied = last
		}
	}
}

func (c *cluster) compactIfLong(i int) {
	s := c.storages[i]
	first, _ := s.FirstIndex()
	applied := c.applied[i]
	if applied > first && applied-first > 2*keepEntries {
		if _, err := s.CreateSnapshot(applied-keepEntries, &c.conf, c.payload); err != nil {
			panic(err)
		}
		if err := s.Compact(applied - keepEntries); err != nil {
			panic(err)
		}
	}
}

type quiet struct{ raft.Logger }

func (quiet) Debug(...interface{})            {}
func (quiet) Debugf(string, ...interface{})   {}
func (quiet) Info(...interface{})             {}
func (quiet) Infof(string, ...interface{})    {}
func (quiet) Warning(...interface{})          {}
func (quiet) Warningf(string, ...interface{}) {}

// run measures one case. A batch of more than one proposal is handed to the leader as one MsgProp
// holding every entry, etcd raft's way to batch: proposed one by one, each proposal would go out
// in its own append message to each follower.
func run(name string, batch int) {
	r := testing.Benchmark(func(b *testing.B) {
		c := newCluster()
		entries := make([]pb.Entry, batch)
		b.ReportAllocs()
		b.ResetTimer()
		for done := 0; done < b.N; done += batch {
			var err error
			if batch == 1 {
				err = c.nodes[0].Propose(c.payload)
			} else {
				for k := range entries {
					entries[k] = pb.Entry{Data: c.payload}
				}
				err = c.nodes[0].Step(pb.Message{Type: pb.MsgProp, From: 1, Entries: entries})
			}
			if err != nil {
				panic(fmt.Sprintf("%v at proposal %d of %d: %+v", err, done, b.N, c.nodes[0].Status()))
			}
			c.lastProposed += uint64(batch)
			c.pumpUntilApplied(c.lastProposed)
		}
	})
	// Each benchmark op is one committed proposal.
	perOp := float64(r.T.Nanoseconds()) / float64(r.N)
	fmt.Printf("%s ops_per_s=%.0f bytes_per_op=%d allocs_per_op=%d\n", name, 1e9/perOp, r.AllocedBytesPerOp(), r.AllocsPerOp())
}

func main() {
	testing.Init()
	rounds := flag.Int("rounds", 3, "how many times to run each case")
	flag.Parse()
	if err := flag.Set("test.benchtime", "2s"); err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
	for i := 0; i < *rounds; i++ {
		run("proposeOneAtATime", 1)
		run("proposeBatchesOf64", 64)
	}
}

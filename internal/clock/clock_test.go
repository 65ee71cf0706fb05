package clock

import (
	"testing"
	"time"
)

func TestFakeFiresDueTimersOnAdvance(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f := NewFake(start)
	a := f.NewTimer(time.Second)
	b := f.NewTimer(2 * time.Second)
	if !f.WaitTimers(2, nil) {
		t.Fatal("timers not armed")
	}
	f.Advance(time.Second)
	select {
	case got := <-a.C():
		if !got.Equal(start.Add(time.Second)) {
			t.Fatalf("fired at %v", got)
		}
	default:
		t.Fatal("timer due at 1s did not fire")
	}
	select {
	case <-b.C():
		t.Fatal("timer due at 2s fired early")
	default:
	}
	if !b.Stop() || b.Stop() {
		t.Fatal("Stop should report true once")
	}
	if f.Timers() != 0 {
		t.Fatalf("armed = %d", f.Timers())
	}
}

func TestFakeZeroDurationFiresAtOnce(t *testing.T) {
	f := NewFake(time.Unix(0, 0))
	select {
	case <-f.NewTimer(0).C():
	default:
		t.Fatal("zero timer did not fire")
	}
}

func TestFakeWaitTimersWakesOnArm(t *testing.T) {
	f := NewFake(time.Unix(0, 0))
	done := make(chan bool)
	go func() { done <- f.WaitTimers(1, nil) }()
	f.NewTimer(time.Hour)
	if !<-done {
		t.Fatal("WaitTimers returned false")
	}
}

func TestRealTimer(t *testing.T) {
	var c Clock = Real{}
	tm := c.NewTimer(time.Millisecond)
	<-tm.C()
	if c.Now().IsZero() {
		t.Fatal("zero now")
	}
}

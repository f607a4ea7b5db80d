line1
  {{ fail "boom" }}
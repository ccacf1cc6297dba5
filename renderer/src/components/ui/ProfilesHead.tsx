// The profiles table's columns, for this host's table and each other host's.

/** The profiles table's columns, for this host's table and each other host's. */
export function ProfilesHead() {
  return (
    <thead>
      <tr>
        <th scope="col">Profile</th>
        <th scope="col">State</th>
        <th scope="col">Base port</th>
        <th scope="col">Footprint</th>
        <th scope="col">Uptime</th>
        <th scope="col">Restarts</th>
        <th scope="col">Actions</th>
      </tr>
    </thead>
  );
}

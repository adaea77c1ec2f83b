// Brings cdktf's jest matcher types (toHaveResourceWithProperties, toBeValidTerraform, …) into scope.
import 'cdktf/lib/testing/adapters/jest';
